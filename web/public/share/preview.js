// The share page's 30-second preview (workers/api/src/share/page.ts): the browser's own HLS
// where it has it (Safari, iOS), else hls.js, a static asset of the web build (web/vite.config.ts).
const audio = document.querySelector('audio[data-preview]');
if (audio) {
  const source = audio.dataset.preview;
  if (audio.canPlayType('application/vnd.apple.mpegurl')) {
    audio.src = source;
  } else {
    const script = document.createElement('script');
    script.src = '/share/hls.light.min.js';
    script.onload = () => {
      const Hls = window.Hls;
      if (!Hls?.isSupported()) return;
      // No worker: the page's CSP allows scripts from this origin only.
      const hls = new Hls({ enableWorker: false });
      hls.loadSource(source);
      hls.attachMedia(audio);
    };
    document.head.append(script);
  }
}
