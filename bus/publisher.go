package bus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"log/slog"
	"path/filepath"
	"regexp"
	"sync"
	"time"
)

// Retry delays after a failed send: they double from retryMin to retryMax.
var retryMin, retryMax = 200 * time.Millisecond, 10 * time.Second

// Publisher sends one outbox's events to one sink, in order, one at a time,
// each only after the previous one was confirmed.
type Publisher struct {
	Outbox *Outbox
	Sink   Sink
	log    *slog.Logger
	mu     sync.Mutex
	fails  int
}

// Bus fans events out to every publisher.
type Bus struct {
	pubs []*Publisher
	wg   sync.WaitGroup
	stop context.CancelFunc
	// Stranded lists outboxes in Dir of sinks no longer configured that
	// still hold events: they are not sent, but must not go unnoticed.
	Stranded []Stranded
}

// Stranded is an outbox left by a sink that is no longer configured.
type Stranded struct {
	Path    string
	Pending int
}

// Config is a bus: sinks (--events values) and where their outboxes live.
type Config struct {
	Specs []string
	Wire  Wire
	// Dir holds one outbox file per sink (beside the journals).
	Dir    string
	Logger *slog.Logger
}

// OutboxPath is the outbox file of a sink: named after the sink without
// credentials, plus a hash of the whole spec so two sinks never share one.
func OutboxPath(dir, spec, name string) string {
	sum := sha256.Sum256([]byte(spec))
	safe := regexp.MustCompile(`[^A-Za-z0-9._-]+`).ReplaceAllString(name, "_")
	if len(safe) > 60 {
		safe = safe[:60]
	}
	return filepath.Join(dir, "outbox-"+safe+"-"+hex.EncodeToString(sum[:4])+".jsonl")
}

// Open opens every sink and its outbox. Nothing is sent until Start.
func Open(cfg Config) (*Bus, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	b := &Bus{}
	for _, spec := range cfg.Specs {
		s, err := OpenSink(spec, cfg.Wire)
		if err != nil {
			b.Close()
			return nil, err
		}
		o, err := OpenOutbox(OutboxPath(cfg.Dir, spec, s.Name()))
		if err != nil {
			s.Close()
			b.Close()
			return nil, err
		}
		b.pubs = append(b.pubs, &Publisher{Outbox: o, Sink: s, log: cfg.Logger.With("events", s.Name())})
	}
	b.Stranded = stranded(cfg.Dir, b.pubs)
	return b, nil
}

// stranded finds the other outboxes of dir that hold events.
func stranded(dir string, pubs []*Publisher) []Stranded {
	files, _ := filepath.Glob(filepath.Join(dir, "outbox-*.jsonl"))
	var out []Stranded
next:
	for _, f := range files {
		for _, p := range pubs {
			if p.Outbox.path == f {
				continue next
			}
		}
		o, err := OpenOutbox(f)
		if err != nil {
			continue // another gavel's, in use
		}
		if n := o.Len(); n > 0 {
			out = append(out, Stranded{Path: f, Pending: n})
		}
		o.Close()
	}
	return out
}

// Publish adds events to every outbox (fsync'd). An error means some
// outbox could not take them: they are derived again from the journal at
// the next start.
func (b *Bus) Publish(evs []Event) error {
	if b == nil || len(evs) == 0 {
		return nil
	}
	var errs []error
	for _, p := range b.pubs {
		errs = append(errs, p.Outbox.Add(evs...))
	}
	return errors.Join(errs...)
}

// Start starts sending.
func (b *Bus) Start() {
	ctx, cancel := context.WithCancel(context.Background())
	b.stop = cancel
	for _, p := range b.pubs {
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			p.run(ctx)
		}()
	}
}

// Drain waits up to d for every outbox to empty; what is left stays on
// disk for the next start. It reports how many events are left.
func (b *Bus) Drain(d time.Duration) int {
	deadline := time.Now().Add(d)
	for {
		left := b.Pending()
		if left == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Pending is the number of events not yet confirmed, over all sinks.
func (b *Bus) Pending() int {
	n := 0
	for _, p := range b.pubs {
		n += p.Outbox.Len()
	}
	return n
}

// Close stops sending and closes sinks and outboxes.
func (b *Bus) Close() error {
	if b.stop != nil {
		b.stop()
	}
	b.wg.Wait()
	var errs []error
	for _, p := range b.pubs {
		errs = append(errs, p.Sink.Close(), p.Outbox.Close())
	}
	return errors.Join(errs...)
}

func (p *Publisher) run(ctx context.Context) {
	delay := retryMin
	for {
		ev, ok := p.Outbox.Next()
		if !ok {
			select {
			case <-ctx.Done():
				return
			case <-p.Outbox.Wake():
			}
			continue
		}
		if err := p.Sink.Send(ctx, ev); err != nil {
			p.fail(err, delay)
			select {
			case <-ctx.Done():
				return
			case <-time.After(delay):
			}
			delay = min(2*delay, retryMax)
			continue
		}
		if delay > retryMin {
			p.log.Info("events flow again", "pending", p.Outbox.Len())
		}
		delay = retryMin
		if err := p.Outbox.Ack(ev.ID); err != nil {
			p.log.Error("recording a confirm failed; the event may be sent again", "err", err)
		}
	}
}

func (p *Publisher) fail(err error, retry time.Duration) {
	p.mu.Lock()
	p.fails++
	first := p.fails == 1 || retry == retryMin
	p.mu.Unlock()
	if first {
		p.log.Warn("events wait: sending failed", "err", err, "pending", p.Outbox.Len(), "retry_in", retry)
	} else {
		p.log.Debug("events still waiting", "err", err, "pending", p.Outbox.Len())
	}
}
