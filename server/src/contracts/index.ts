/**
 * API types shared by the server and the Angular client, and the money conversions both use. Dates are ISO-8601 strings in UTC;
 * local times ("HH:mm") and local dates ("yyyy-MM-dd") are in the zone named beside them.
 * Every error response is `Problem` with content type application/problem+json.
 */
export * from './problem';
export * from './identity';
export * from './catalogue';
export * from './institutions';
export * from './centres';
export * from './platform';
export * from './vouchers';
export * from './scheduling';
export * from './attempts';
export * from './money';
