// The /ws connection: reconnects with exponential backoff and restores its subscription, so a
// service restart or a network blip costs the page nothing but the gap.

const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 15000;

export function connectLive({ onMessage, onState }) {
  let socket = null;
  let retryMs = FIRST_RETRY_MS;
  let subscription = null;

  function open() {
    const url = new URL('/ws', window.location.href);
    url.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    if (subscription) {
      url.searchParams.set('test_id', subscription);
    }
    onState('connecting');
    socket = new WebSocket(url);
    socket.onopen = () => {
      retryMs = FIRST_RETRY_MS;
      onState('open');
    };
    socket.onmessage = (event) => onMessage(JSON.parse(event.data));
    socket.onclose = () => {
      onState('closed', retryMs);
      window.setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
    };
  }

  open();
  return {
    // Narrows the stream to one test (null: every test); the server answers with a Snapshot.
    subscribe(testId) {
      subscription = testId;
      if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ subscribe: testId }));
      }
    },
  };
}
