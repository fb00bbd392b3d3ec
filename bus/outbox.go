package bus

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/gavel-irc/gavel/meeting/journal"
)

// keepConfirmed is how many confirmed ids an outbox remembers across a
// compaction, so a journal replayed after a restart does not send them
// again. Older ids may be sent again — with the same message_id.
const keepConfirmed = 100_000

// Outbox is a durable, ordered queue of events for one sink: an
// append-only JSON-lines file of "add" and "ack" records. Add fsyncs
// before it returns, so an event the recorder derived survives a kill -9;
// Ack records what the sink confirmed. Events go out in the order they were
// added. A torn last record (a crash mid-write) is ignored: it was never
// fsync'd, and the journal replay derives it again.
type Outbox struct {
	mu        sync.Mutex
	path      string
	f         *os.File
	lock      *os.File // one writer per outbox
	pending   []Event
	known     map[string]bool // pending or confirmed
	confirmed []string        // confirmed ids, oldest first (bounded)
	wake      chan struct{}
	err       error // a write failed: the outbox is read-only from now on
}

type record struct {
	Add *Event `json:"add,omitempty"`
	Ack string `json:"ack,omitempty"`
}

// OpenOutbox opens (or creates) the outbox file and compacts it: confirmed
// events are dropped, their ids kept.
func OpenOutbox(path string) (*Outbox, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	// A second gavel on the same outbox would compact it under the first
	// one's feet: refuse it, naming the first.
	lock, err := journal.Lock(path)
	if err != nil {
		return nil, err
	}
	o := &Outbox{path: path, lock: lock, known: map[string]bool{}, wake: make(chan struct{}, 1)}
	fail := func(err error) (*Outbox, error) {
		lock.Close()
		return nil, err
	}
	if err := o.load(); err != nil {
		return fail(err)
	}
	if err := o.compact(); err != nil {
		return fail(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fail(err)
	}
	o.f = f
	if len(o.pending) > 0 {
		o.signal()
	}
	return o, nil
}

func (o *Outbox) load() error {
	f, err := os.Open(o.path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	acked := map[string]bool{}
	var adds []Event
	for sc.Scan() {
		var r record
		if json.Unmarshal(sc.Bytes(), &r) != nil {
			continue // torn tail
		}
		switch {
		case r.Add != nil && r.Add.ID != "" && !o.known[r.Add.ID]:
			o.known[r.Add.ID] = true
			adds = append(adds, *r.Add)
		case r.Ack != "":
			if !acked[r.Ack] {
				acked[r.Ack] = true
				o.confirmed = append(o.confirmed, r.Ack)
			}
			o.known[r.Ack] = true
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("outbox %s: %w", o.path, err)
	}
	for _, e := range adds {
		if !acked[e.ID] {
			o.pending = append(o.pending, e)
		}
	}
	return nil
}

// compact rewrites the file with the remembered confirmed ids and the
// pending events, atomically.
func (o *Outbox) compact() error {
	if len(o.confirmed) > keepConfirmed {
		for _, id := range o.confirmed[:len(o.confirmed)-keepConfirmed] {
			delete(o.known, id)
		}
		o.confirmed = append([]string(nil), o.confirmed[len(o.confirmed)-keepConfirmed:]...)
	}
	tmp := o.path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, id := range o.confirmed {
		enc.Encode(record{Ack: id})
	}
	for i := range o.pending {
		enc.Encode(record{Add: &o.pending[i]})
	}
	err = w.Flush()
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, o.path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("outbox %s: %w", o.path, err)
	}
	return syncDir(filepath.Dir(o.path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Add appends the events it does not know yet and fsyncs. Events it holds
// or had confirmed (same id) are dropped: a replayed journal derives them
// again.
func (o *Outbox) Add(evs ...Event) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.err != nil {
		return o.err
	}
	var buf []byte
	var added []Event
	for _, e := range evs {
		if o.known[e.ID] {
			continue
		}
		b, err := json.Marshal(record{Add: &e})
		if err != nil {
			return err
		}
		buf = append(append(buf, b...), '\n')
		added = append(added, e)
	}
	if len(added) == 0 {
		return nil
	}
	if err := o.write(buf, true); err != nil {
		return err
	}
	for _, e := range added {
		o.known[e.ID] = true
		o.pending = append(o.pending, e)
	}
	o.signal()
	return nil
}

func (o *Outbox) write(b []byte, sync bool) error {
	_, err := o.f.Write(b)
	if err == nil && sync {
		err = o.f.Sync()
	}
	if err != nil {
		// A half-written record may be on disk; later records would
		// follow it on the same line. Stop writing: a restart compacts.
		o.err = fmt.Errorf("outbox %s: %w", o.path, err)
	}
	return o.err
}

// Next returns the oldest pending event.
func (o *Outbox) Next() (Event, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.pending) == 0 {
		return Event{}, false
	}
	return o.pending[0], true
}

// Ack records that the sink confirmed the oldest pending event, id. The
// record is not fsync'd: losing it sends the event again, same id.
func (o *Outbox) Ack(id string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.pending) == 0 || o.pending[0].ID != id {
		return fmt.Errorf("outbox: ack of %s, which is not the next event", id)
	}
	o.pending = o.pending[1:]
	o.confirmed = append(o.confirmed, id)
	if len(o.confirmed) > 2*keepConfirmed {
		for _, old := range o.confirmed[:keepConfirmed] {
			delete(o.known, old)
		}
		o.confirmed = append([]string(nil), o.confirmed[keepConfirmed:]...)
	}
	if o.err != nil {
		return o.err
	}
	b, _ := json.Marshal(record{Ack: id})
	return o.write(append(b, '\n'), false)
}

// Len is the number of pending events.
func (o *Outbox) Len() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.pending)
}

// Wake is signalled when events are added.
func (o *Outbox) Wake() <-chan struct{} { return o.wake }

func (o *Outbox) signal() {
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

// Close closes the file; pending events stay in it for the next open.
func (o *Outbox) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	err := o.f.Close()
	o.lock.Close()
	return err
}
