// Package wire holds the protocol shared by the Comptoir server, the shopper's
// widget and the agents' app: WebSocket frames, REST payloads, error codes and
// close codes. It imports nothing of ours and stays small, because it is compiled
// into both WebAssembly apps. docs/protocol.md is its human-readable twin.
package wire

// Version is the protocol version a client announces in its hello frame.
// The server refuses a version it does not speak with close code CloseBadVersion.
const Version = 1
