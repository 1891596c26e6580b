// The peer of the WebSocket fan-out benchmark (docs/benchmarks.md, part f): node's `ws` serving
// ws://127.0.0.1:PORT/v1/ws and, on "go" from the control connection, sending one message to
// every connected client, the way ws's README broadcasts (a loop over wss.clients calling send).
// The control protocol is bench/ws_fanout/ws_wire.hpp's: "hello -", then "go" → "t0 NS", where
// NS is process.hrtime.bigint() (CLOCK_MONOTONIC, the clock the client reads) just before the loop.
//
//   node broadcast.js --port P --control-port C --payload FILE
'use strict';

const fs = require('fs');
const net = require('net');
const { WebSocketServer, WebSocket } = require('ws');

function flag(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) {
    console.error('usage: node broadcast.js --port P --control-port C --payload FILE');
    process.exit(2);
  }
  return process.argv[i + 1];
}

const port = Number(flag('--port'));
const controlPort = Number(flag('--control-port'));
// A Buffer, converted once: send() would otherwise convert a string again for every client.
const payload = fs.readFileSync(flag('--payload'));

const wss = new WebSocketServer({ host: '127.0.0.1', port, path: '/v1/ws', perMessageDeflate: false, backlog: 4096 });
wss.on('connection', (socket) => {
  socket.on('error', () => {});
  socket.send('{"type":"ready"}');
});

const control = net.createServer((conn) => {
  conn.setNoDelay(true);
  conn.write('hello -\n');
  let buffered = '';
  conn.on('data', (chunk) => {
    buffered += chunk.toString('latin1');
    let end;
    while ((end = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      if (line !== 'go') continue;
      const t0 = process.hrtime.bigint();
      for (const client of wss.clients) {
        if (client.readyState === WebSocket.OPEN) client.send(payload, { binary: false });
      }
      conn.write(`t0 ${t0}\n`);
    }
  });
  conn.on('error', () => {});
});

wss.on('listening', () => {
  control.listen(controlPort, '127.0.0.1', () => {
    const version = require('ws/package.json').version;
    console.error(`ws ${version}: serving ws://127.0.0.1:${port}/v1/ws, control on 127.0.0.1:${controlPort}`);
  });
});
process.on('SIGTERM', () => process.exit(0));
