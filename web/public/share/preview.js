// The share page's 30-second preview (workers/api/src/share/page.ts). As in the web player
// (web/src/player/engine.ts): hls.js wherever Media Source Extensions exist, the browser's own
// HLS otherwise (iOS); Chromium answers canPlayType for HLS yet cannot play it. hls.js is a
// static asset of the web build (web/vite.config.ts).
const audio = document.querySelector('audio[data-preview]');
if (audio) {
  const source = audio.dataset.preview;
  if ('MediaSource' in window || 'ManagedMediaSource' in window) {
    const script = document.createElement('script');
    script.src = '/share/hls.light.min.js';
    script.onload = () => {
      const Hls = window.Hls;
      if (!Hls?.isSupported()) {
        audio.src = source;
        return;
      }
      // No worker: the page's CSP allows scripts from this origin only.
      const hls = new Hls({ enableWorker: false });
      hls.loadSource(source);
      hls.attachMedia(audio);
    };
    document.head.append(script);
  } else {
    audio.src = source;
  }
}
