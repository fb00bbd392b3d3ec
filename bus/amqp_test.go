package bus

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/bus/rabbitnet"
)

// TestAMQPOutage publishes events to a real RabbitMQ through the outbox,
// stops the broker in the middle, starts it again, and finds every event
// once in a durable queue, in order, with fedora-messaging's properties and
// headers.
func TestAMQPOutage(t *testing.T) {
	retryMin, retryMax = 50*time.Millisecond, 500*time.Millisecond
	br := rabbitnet.Start(t)
	if err := br.DeclareQueue("all", DefaultExchange, "org.example.#"); err != nil {
		t.Fatal(err)
	}
	b, err := Open(Config{Specs: []string{br.URL()}, Wire: Wire{Prefix: "org.example"}, Dir: t.TempDir(), Logger: discard()})
	if err != nil {
		t.Fatal(err)
	}
	b.Start()
	defer b.Close()
	const n = 60
	var want []string
	for i := range n {
		ev := Event{ID: fmt.Sprintf("id-%03d", i), Topic: TopicTopicUpdate, Body: json.RawMessage(fmt.Sprintf(`{"i":%d}`, i)), Users: []string{"alice"}}
		want = append(want, ev.ID)
		if err := b.Publish([]Event{ev}); err != nil {
			t.Fatal(err)
		}
		if i == 20 {
			if left := b.Drain(20 * time.Second); left != 0 {
				t.Fatalf("%d events not confirmed before the outage", left)
			}
			if err := br.Stop(); err != nil {
				t.Fatal(err)
			}
		}
	}
	time.Sleep(time.Second)
	if b.Pending() != n-21 {
		t.Fatalf("%d events wait during the outage, want %d", b.Pending(), n-21)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if err := br.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	if left := b.Drain(60 * time.Second); left != 0 {
		t.Fatalf("%d events never confirmed after the restart", left)
	}
	ds, err := br.Get("all")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.MessageId)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("queue holds %d messages\n got %v\nwant %v", len(got), got, want)
	}
	d := ds[0]
	h := d.Headers
	if d.RoutingKey != "org.example.meetbot.meeting.topic.update" || d.ContentType != "application/json" ||
		d.ContentEncoding != "utf-8" || d.DeliveryMode != 2 || h["fedora_messaging_schema"] != Schema ||
		fmt.Sprint(h["fedora_messaging_severity"]) != "20" || h["fedora_messaging_user_alice"] != true ||
		h["sent-at"] == nil || string(d.Body) != `{"i":0}` {
		t.Fatalf("message: key %s type %s enc %s mode %d headers %v body %s", d.RoutingKey, d.ContentType, d.ContentEncoding, d.DeliveryMode, h, d.Body)
	}
	t.Logf("%d events published, %d across a broker outage; %d in the queue, 0 lost, 0 duplicated", n, n-21, len(ds))
}
