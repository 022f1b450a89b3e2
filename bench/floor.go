package main

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fasthttp/websocket"
	"github.com/valyala/fasthttp"
	bolt "go.etcd.io/bbolt"
)

// floorRelay is the floor every figure is compared with: the same
// WebSocket library the server uses (fasthttp + fasthttp/websocket), on the
// same loopback, in this process, doing the least a chat relay can do. A
// client connects to /relay?id=NAME; each frame is "DEST|payload" and the
// payload is written as it is to the connection named DEST ("self" echoes).
// No JSON, no store, no hub, no per-connection queue.
//
// With a store (the durable floor) the relay first commits each frame to a
// bbolt file and forwards it after the commit: the least a relay that is
// durable before delivery can do on this machine's disk, to hold the
// server's latency against.
type floorRelay struct {
	ln    net.Listener
	srv   *fasthttp.Server
	mu    sync.RWMutex
	conns map[string]*relayConn
	count atomic.Int64
	store *floorStore // nil: the bare floor
}

type relayConn struct {
	mu sync.Mutex
	ws *websocket.Conn
}

// startFloor starts the bare relay (store ""), or the relay that commits
// each frame to a store of that kind before forwarding it.
func startFloor(store string) (*floorRelay, error) {
	f := &floorRelay{conns: make(map[string]*relayConn)}
	if store != "" {
		st, err := openFloorStore(store)
		if err != nil {
			return nil, err
		}
		f.store = st
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.store.close()
		return nil, err
	}
	f.ln = ln
	up := websocket.FastHTTPUpgrader{ReadBufferSize: 1024, WriteBufferSize: 1024,
		CheckOrigin: func(*fasthttp.RequestCtx) bool { return true }}
	f.srv = &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) {
		id := string(ctx.QueryArgs().Peek("id"))
		up.Upgrade(ctx, func(ws *websocket.Conn) { f.serve(id, ws) })
	}, IdleTimeout: time.Minute}
	go f.srv.Serve(ln)
	return f, nil
}

func (f *floorRelay) url(id string) string {
	return "ws://" + f.ln.Addr().String() + "/relay?id=" + id
}

func (f *floorRelay) serve(id string, ws *websocket.Conn) {
	rc := &relayConn{ws: ws}
	f.mu.Lock()
	f.conns[id] = rc
	f.mu.Unlock()
	f.count.Add(1)
	defer func() {
		f.mu.Lock()
		if f.conns[id] == rc {
			delete(f.conns, id)
		}
		f.mu.Unlock()
		f.count.Add(-1)
	}()
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		dest, payload, ok := bytes.Cut(data, []byte("|"))
		if !ok {
			continue
		}
		to := rc
		if string(dest) != "self" {
			f.mu.RLock()
			to = f.conns[string(dest)]
			f.mu.RUnlock()
		}
		if to == nil {
			continue
		}
		if f.store != nil && f.store.commit(payload) != nil {
			return
		}
		to.mu.Lock()
		to.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
		to.ws.WriteMessage(websocket.TextMessage, payload)
		to.mu.Unlock()
	}
}

func (f *floorRelay) close() { f.srv.Shutdown(); f.ln.Close(); f.store.close() }

// floorStore is the durable floor's store, in a temporary folder on the
// same disk as the server's, with one group-commit writer without a timer
// (DESIGN.md's "one group-commit writer"): it takes whatever is queued into
// one commit, and answers each write after that commit's fsyncs. Its kind is
// bbolt (one bucket, one Update per commit: the design's store, two
// fdatasyncs) or log (appended to a file written full of zeros beforehand,
// one fdatasync per commit: the least any durable design can do).
type floorStore struct {
	dir    string
	db     *bolt.DB // kind bbolt
	log    *os.File // kind log
	logOff int64
	q      chan floorWrite
	stop   chan struct{} // closed by close
	done   chan struct{} // closed when the writer has returned
}

type floorWrite struct {
	data []byte
	err  chan error
}

var floorBucket = []byte("messages")

// floorLogSize is the log's length, written full of zeros before the
// stream so that an append changes no file metadata and its fdatasync
// writes only data (a stream longer than that wraps around).
const floorLogSize = 64 << 20

func openFloorStore(kind string) (*floorStore, error) {
	dir, err := os.MkdirTemp("", "comptoir-bench-floor-")
	if err != nil {
		return nil, err
	}
	st := &floorStore{dir: dir, q: make(chan floorWrite, 4096), stop: make(chan struct{}), done: make(chan struct{})}
	switch kind {
	case "bbolt":
		// Opened as server/store opens its file (store.go).
		st.db, err = bolt.Open(filepath.Join(dir, "floor.db"), 0o600, &bolt.Options{
			Timeout: time.Second, NoFreelistSync: true, FreelistType: bolt.FreelistMapType,
		})
		if err == nil {
			err = st.db.Update(func(tx *bolt.Tx) error {
				_, err := tx.CreateBucketIfNotExists(floorBucket)
				return err
			})
		}
	case "log":
		st.log, err = os.OpenFile(filepath.Join(dir, "floor.log"), os.O_CREATE|os.O_RDWR, 0o600)
		if err == nil {
			_, err = st.log.Write(make([]byte, floorLogSize))
		}
		if err == nil {
			err = st.log.Sync()
		}
	default:
		err = fmt.Errorf("-durable-floor %q: want bbolt, log or off", kind)
	}
	if err != nil {
		st.closeFiles()
		return nil, err
	}
	go st.writer()
	return st, nil
}

var errFloorClosed = errors.New("the durable floor is closed")

// commit returns once data is on disk.
func (st *floorStore) commit(data []byte) error {
	w := floorWrite{data: data, err: make(chan error, 1)}
	select {
	case st.q <- w:
	case <-st.done:
		return errFloorClosed
	}
	select {
	case err := <-w.err:
		return err
	case <-st.done:
		return errFloorClosed
	}
}

func (st *floorStore) writer() {
	defer close(st.done)
	batch := make([]floorWrite, 0, 1024)
	var buf []byte
	for {
		select {
		case w := <-st.q:
			batch = append(batch[:0], w)
		case <-st.stop:
			return
		}
	drain:
		for len(batch) < cap(batch) {
			select {
			case w := <-st.q:
				batch = append(batch, w)
			default:
				break drain
			}
		}
		var err error
		if st.db != nil {
			err = st.db.Update(func(tx *bolt.Tx) error {
				b := tx.Bucket(floorBucket)
				for _, w := range batch {
					seq, err := b.NextSequence()
					if err != nil {
						return err
					}
					if err := b.Put(binary.BigEndian.AppendUint64(nil, seq), w.data); err != nil {
						return err
					}
				}
				return nil
			})
		} else {
			buf = buf[:0]
			for _, w := range batch {
				buf = binary.BigEndian.AppendUint32(buf, uint32(len(w.data)))
				buf = append(buf, w.data...)
			}
			if st.logOff+int64(len(buf)) > floorLogSize {
				st.logOff = 0
			}
			if _, err = st.log.WriteAt(buf, st.logOff); err == nil {
				err = syscall.Fdatasync(int(st.log.Fd()))
			}
			st.logOff += int64(len(buf))
		}
		for _, w := range batch {
			w.err <- err
		}
	}
}

// close stops the writer once the relay's connections are gone, and
// removes the files.
func (st *floorStore) close() {
	if st == nil {
		return
	}
	close(st.stop)
	<-st.done
	st.closeFiles()
}

func (st *floorStore) closeFiles() {
	if st.db != nil {
		st.db.Close()
	}
	if st.log != nil {
		st.log.Close()
	}
	os.RemoveAll(st.dir)
}

// floorPeer connects a bench peer to the relay under name.
func floorPeer(f *floorRelay, name string, id int, agent bool, rec *atomic.Pointer[recorder]) (*peer, error) {
	return dialPeer(f.url(name), http.Header{}, id, agent, rec)
}

func floorVisitorName(i int) string { return "v" + strconv.Itoa(i) }
func floorAgentName(i int) string   { return "a" + strconv.Itoa(i) }
