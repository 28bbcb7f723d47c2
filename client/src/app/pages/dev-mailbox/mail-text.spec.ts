import { splitMailText } from './mail-text';

describe('splitMailText', () => {
  it('turns an invitation link into an in-app link whatever host the server used', () => {
    const parts = splitMailText(
      'Accept the invitation here:\nhttp://localhost:3000/invite/AbC-123_x.\nThanks',
    );
    expect(parts).toEqual([
      { kind: 'text', text: 'Accept the invitation here:\n' },
      { kind: 'app-link', text: 'http://localhost:3000/invite/AbC-123_x', path: '/invite/AbC-123_x' },
      { kind: 'text', text: '.\nThanks' },
    ]);
  });

  it('keeps other links as plain external links', () => {
    expect(splitMailText('See https://example.org/help')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.org/help', href: 'https://example.org/help' },
    ]);
  });
});
