// Integration tests boot a server and fire hundreds of requests; the 5 s default is too short.
jest.setTimeout(60_000);
