package bus

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

// A Sink delivers one event. Send returns nil only once the event is safe
// on the other side (broker confirm, fsync); any error means "try again".
type Sink interface {
	Send(ctx context.Context, ev Event) error
	Close() error
	// Name is the sink for logs and file names, without credentials.
	Name() string
}

// OpenSink opens the sink an --events value names: amqp:// or amqps://
// URLs, file:PATH, or "-" for stdout.
func OpenSink(spec string, w Wire) (Sink, error) {
	switch {
	case spec == "-":
		return &writerSink{w: os.Stdout, wire: w, name: "stdout"}, nil
	case strings.HasPrefix(spec, "file:"):
		p := strings.TrimPrefix(spec, "file:")
		if p == "" {
			return nil, fmt.Errorf("events: file: needs a path")
		}
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		return &writerSink{w: f, sync: f.Sync, closer: f, wire: w, name: "file:" + p}, nil
	case strings.HasPrefix(spec, "amqp://"), strings.HasPrefix(spec, "amqps://"):
		u, err := url.Parse(spec)
		if err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		return newAMQPSink(spec, u.Redacted(), w), nil
	}
	return nil, fmt.Errorf("events: %q is not amqp://…, amqps://…, file:PATH or -", spec)
}

// writerSink writes JSON lines (file: and stdout).
type writerSink struct {
	mu     sync.Mutex
	w      io.Writer
	sync   func() error
	closer io.Closer
	wire   Wire
	name   string
}

func (s *writerSink) Send(_ context.Context, ev Event) error {
	b, err := s.wire.JSONLine(ev, time.Now())
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.w.Write(b); err != nil {
		return err
	}
	if s.sync != nil {
		return s.sync()
	}
	return nil
}

func (s *writerSink) Close() error {
	if s.closer != nil {
		return s.closer.Close()
	}
	return nil
}

func (s *writerSink) Name() string { return s.name }
