package bus

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/bus/rabbitnet"
)

// BenchmarkDerive folds a meeting (every tenth line a minutes item) and
// derives its events: the cost per line stays flat as the meeting grows
// (an event reads the meeting's accessors, not a whole minutes snapshot).
func BenchmarkDerive(b *testing.B) {
	for _, n := range []int{1_000, 20_000} {
		b.Run(fmt.Sprint(n, "lines"), func(b *testing.B) {
			lines := []string{"alice: #startmeeting bench"}
			for i := range n - 1 {
				if i%10 == 0 {
					lines = append(lines, fmt.Sprintf("bob: #info item %d", i))
				} else {
					lines = append(lines, fmt.Sprintf("carol: just talking %d", i))
				}
			}
			src := Source{Network: "n", Channel: "#c"}
			b.ReportAllocs()
			for b.Loop() {
				if evs := fold(src, lines...); len(evs) != 1+(n-1+9)/10 {
					b.Fatalf("%d events", len(evs))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(lines)), "ns/line")
		})
	}
}

// BenchmarkOutboxAdd: one event made durable (an fsync'd append).
func BenchmarkOutboxAdd(b *testing.B) {
	o, err := OpenOutbox(filepath.Join(b.TempDir(), "o.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer o.Close()
	body, _ := json.Marshal(Body{Owner: "alice", Channel: "#c", Details: map[string]any{"line": "x"}})
	i := 0
	for b.Loop() {
		i++
		if err := o.Add(Event{ID: fmt.Sprint(i), Topic: TopicTopicUpdate, Body: body}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAMQPConfirmed: one event published to a real RabbitMQ and
// confirmed, in order, one at a time (what the publisher does).
func BenchmarkAMQPConfirmed(b *testing.B) {
	br := rabbitnet.Start(b)
	s := newAMQPSink(br.URL(), "bench", Wire{Prefix: "bench"})
	defer s.Close()
	body, _ := json.Marshal(Body{Owner: "alice", Channel: "#c"})
	i := 0
	start := time.Now()
	for b.Loop() {
		i++
		if err := s.Send(b.Context(), Event{ID: fmt.Sprint(i), Topic: TopicTopicUpdate, Body: body}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(i)/time.Since(start).Seconds(), "events/s")
}
