import { describe, expect, it } from 'vitest';
import { fetchRefusal } from '#core/net/public-address.ts';
import { parseRss } from '#core/podcasts/rss.ts';
import { looksLikeAudio } from '#core/podcasts/audio-signature.ts';

describe('feed address guard', () => {
  it.each([
    'http://127.0.0.1/feed',
    'http://127.1/feed', // the URL parser widens short and numeric forms to a dotted quad
    'http://2130706433/feed',
    'http://0x7f000001/feed',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://172.31.255.255/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://224.0.0.1/',
    'http://[::1]/',
    'http://[::]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::ffff:10.0.0.1]/',
    'http://[fe80::1]/',
    'http://[fc00::1]/',
    'http://[fd12:3456::1]/',
    'http://[64:ff9b::a00:1]/',
    'http://[2002:c0a8:101::1]/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://feeds.localhost/',
    'http://printer.local/',
    'http://metadata.google.internal/',
    'http://intranet/',
  ])('refuses %s when private addresses are not allowed', (url) => {
    expect(fetchRefusal(url, false)).toMatch(/non-public address|local host/);
  });

  it.each([
    'https://feeds.example.com/podcast.xml',
    'http://93.184.216.34/feed',
    'http://[2606:4700::1111]/',
    'http://[::ffff:93.184.216.34]/',
    'http://172.32.0.1/',
  ])('allows the public %s', (url) => {
    expect(fetchRefusal(url, false)).toBeNull();
  });

  it('refuses other schemes, credentials and non-URLs whatever the flag, and allows private hosts only with it', () => {
    for (const allow of [true, false]) {
      expect(fetchRefusal('file:///etc/passwd', allow)).toMatch(/only http and https/);
      expect(fetchRefusal('ftp://example.com/feed', allow)).toMatch(/only http and https/);
      expect(fetchRefusal('http://user:pw@example.com/feed', allow)).toMatch(/credentials/);
      expect(fetchRefusal('not a url', allow)).toMatch(/not a URL/);
    }
    expect(fetchRefusal('http://127.0.0.1:8080/feed', true)).toBeNull();
  });
});

describe('RSS reader', () => {
  const feed = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment with <item> inside -->
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
  <channel>
    <title>Tidal &amp; Talks</title>
    <description><![CDATA[Conversations <b>about</b> the sea.]]></description>
    <itunes:author>Harbour Radio</itunes:author>
    <itunes:image href="https://example.com/art.jpg"/>
    <item>
      <title>Episode &#x31;</title>
      <guid isPermaLink="false">ep-1</guid>
      <enclosure url="https://example.com/1.mp3?a=1&amp;b=2" type="audio/mpeg" length="1234"/>
    </item>
    <item><title>No guid</title><enclosure url='https://example.com/2.mp3' type='audio/mpeg'/></item>
    <item><title>Text only</title><guid>ep-3</guid></item>
  </channel>
</rss>`;

  it('reads the channel and its items, with entities, CDATA and the enclosure URL as the guid it lacks', () => {
    expect(parseRss(feed)).toEqual({
      title: 'Tidal & Talks',
      description: 'Conversations <b>about</b> the sea.',
      author: 'Harbour Radio',
      imageUrl: 'https://example.com/art.jpg',
      items: [
        { title: 'Episode 1', description: '', guid: 'ep-1', enclosure: { url: 'https://example.com/1.mp3?a=1&b=2', type: 'audio/mpeg', length: 1234 } },
        {
          title: 'No guid',
          description: '',
          guid: 'https://example.com/2.mp3',
          enclosure: { url: 'https://example.com/2.mp3', type: 'audio/mpeg', length: null },
        },
        { title: 'Text only', description: '', guid: 'ep-3', enclosure: null },
      ],
    });
  });

  it.each([
    ['HTML', '<!doctype html><html><body><h1>Hi</h1></body></html>'],
    ['Atom', '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'],
    ['JSON', '{"rss": {"channel": {}}}'],
    ['broken XML', '<rss><channel><title>x</title></rss>'],
    ['an rss root without a channel', '<rss version="2.0"></rss>'],
  ])('is not a feed: %s', (_, text) => {
    expect(parseRss(text)).toBeNull();
  });
});

describe('audio signature', () => {
  const bytes = (text: string, ...extra: number[]) => new Uint8Array([...new TextEncoder().encode(text), ...extra, ...Array(16).fill(0)]);
  it('knows audio formats and refuses text', () => {
    expect(looksLikeAudio(bytes('ID3'))).toBe(true);
    expect(looksLikeAudio(new Uint8Array([0xff, 0xfb, 0x90, 0x64, ...Array(12).fill(0)]))).toBe(true);
    expect(looksLikeAudio(bytes('RIFF\0\0\0\0WAVE'))).toBe(true);
    expect(looksLikeAudio(bytes('\0\0\0\x20ftypM4A '))).toBe(true);
    expect(looksLikeAudio(bytes('fLaC'))).toBe(true);
    expect(looksLikeAudio(bytes('<!doctype html><html>'))).toBe(false);
    expect(looksLikeAudio(bytes('RIFF\0\0\0\0AVI '))).toBe(false);
  });
});
