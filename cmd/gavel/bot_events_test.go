package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/gavel-irc/gavel/bus"
	"github.com/gavel-irc/gavel/bus/rabbitnet"
	"github.com/gavel-irc/gavel/ircconn/ircnet"
)

const eventsPrefix = "org.example.prod"

// eventsEnv is a bot publishing to a real broker and a JSON-lines file.
type eventsEnv struct {
	*botEnv
	broker *rabbitnet.Broker
	file   string
}

func newEventsEnv(t *testing.T, n *ircnet.Net) *eventsEnv {
	t.Helper()
	br := rabbitnet.Start(t)
	// The consumer's durable queue exists before anything is published.
	if err := br.DeclareQueue("meetbot", "amq.topic", eventsPrefix+".meetbot.#"); err != nil {
		t.Fatal(err)
	}
	b := newBotEnv(t, n)
	return &eventsEnv{botEnv: b, broker: br, file: filepath.Join(filepath.Dir(b.archive), "events.jsonl")}
}

// say sends lines in order, each once the bot journaled the one before
// (#endmeeting rotates the journal: the bot's answer shows it was
// recorded).
func (e *eventsEnv) say(t *testing.T, c *ircnet.Client, lines ...string) {
	t.Helper()
	for _, l := range lines {
		c.Privmsg(e.channel, l)
		if l == "#endmeeting" {
			c.Expect(t, 15*time.Second, fromBot(e.nick, "Meeting ended"))
			continue
		}
		e.waitJournal(t, l)
	}
}

// restartBroker brings the broker back after Stop.
func (e *eventsEnv) restartBroker(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if err := e.broker.Restart(ctx); err != nil {
		t.Fatal(err)
	}
}

// wantAllTopics checks that ds hold the meeting's events, each once as a
// consumer sees them (repeats dropped by message_id), in order.
func wantAllTopics(t *testing.T, ds []amqp.Delivery, after string) {
	t.Helper()
	if got := topicsOnce(t, ds); strings.Join(got, " ") != strings.Join(meetingTopics, " ") {
		t.Fatalf("topics %s\n got %v\nwant %v", after, got, meetingTopics)
	}
}

// startEventsBot starts a network, a broker and the bot publishing to
// both sinks, with alice and bob in the channel; it returns alice.
func startEventsBot(t *testing.T) (*eventsEnv, *ircnet.Client) {
	t.Helper()
	n := ircnet.Start(t)
	e := newEventsEnv(t, n)
	alice := people(t, n, e.channel, "alice", "bob")[0]
	e.start(t, e.args()...)
	alice.Expect(t, 20*time.Second, joined(e.nick))
	return e, alice
}

func (e *eventsEnv) args() []string {
	return []string{"--events", e.broker.URL(), "--events", "file:" + e.file, "--events-prefix", eventsPrefix}
}

// delivered collects messages from the broker's queue until want distinct
// message ids arrived (or the time is up), returning every message taken,
// repeats included.
func (e *eventsEnv) delivered(t *testing.T, got []amqp.Delivery, want int, within time.Duration) []amqp.Delivery {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ds, err := e.broker.Get("meetbot")
		if err == nil {
			got = append(got, ds...)
		}
		if distinct(got) >= want || time.Now().After(deadline) {
			return got
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func distinct(ds []amqp.Delivery) int {
	seen := map[string]bool{}
	for _, d := range ds {
		seen[d.MessageId] = true
	}
	return len(seen)
}

// topicsOnce lists the routing keys of ds, dropping repeats of a message id
// as a consumer does; it fails the test when a repeat differs from the
// first delivery.
func topicsOnce(t *testing.T, ds []amqp.Delivery) []string {
	t.Helper()
	first := map[string]amqp.Delivery{}
	var out []string
	for _, d := range ds {
		if f, ok := first[d.MessageId]; ok {
			if f.RoutingKey != d.RoutingKey || string(f.Body) != string(d.Body) {
				t.Fatalf("message %s repeated with other content", d.MessageId)
			}
			continue
		}
		first[d.MessageId] = d
		out = append(out, strings.TrimPrefix(d.RoutingKey, eventsPrefix+"."))
	}
	return out
}

// meetingScript is the meeting of the event tests and the topics it gives.
var meetingScript = []string{
	"#startmeeting Infra sync", "#topic Mirrors", "#info mirror 3 is down", "#action bob fixes mirror 3",
	"#agreed replace mirror 3", "#topic Releases", "#link https://example.org/r", "#endmeeting",
}

var meetingTopics = []string{
	"meetbot.meeting.start", "meetbot.meeting.topic.update", "meetbot.meeting.item.info",
	"meetbot.meeting.item.action", "meetbot.meeting.item.agreed", "meetbot.meeting.topic.update",
	"meetbot.meeting.item.link", "meetbot.meeting.complete",
}

// TestBotEvents: a scripted meeting on the real IRC server gives zodbot's
// events on a real RabbitMQ — topics, body, properties, headers — and the
// same events, same ids, in the JSON-lines file.
func TestBotEvents(t *testing.T) {
	t.Parallel() // its own IRC server (and broker); mostly waiting
	n := ircnet.Start(t)
	e := newEventsEnv(t, n)
	ps := people(t, n, e.channel, "alice", "bob")
	alice, bob := ps[0], ps[1]
	e.start(t, append(e.args(), "--url-base", "https://meetbot.example.org/")...)
	alice.Expect(t, 20*time.Second, joined(e.nick))
	e.say(t, alice, meetingScript[0])
	e.say(t, bob, "hi") // an attendee, so the action is his
	e.say(t, alice, meetingScript[1:]...)
	ds := e.delivered(t, nil, len(meetingTopics), 30*time.Second)
	wantAllTopics(t, ds, "of the meeting")
	if len(ds) != len(meetingTopics) {
		t.Fatalf("%d deliveries for %d events", len(ds), len(meetingTopics))
	}
	start, action, done := ds[0], ds[3], ds[7]
	for _, d := range ds {
		h := d.Headers
		if d.ContentType != "application/json" || d.DeliveryMode != amqp.Persistent || d.MessageId == "" ||
			h["fedora_messaging_schema"] != "base.message" || fmt.Sprint(h["fedora_messaging_severity"]) != "20" ||
			h["sent-at"] == nil || h["fedora_messaging_user_alice"] != true {
			t.Fatalf("%s: properties %s %d %q, headers %v", d.RoutingKey, d.ContentType, d.DeliveryMode, d.MessageId, h)
		}
	}
	var body bus.Body
	json.Unmarshal(start.Body, &body)
	if body.Owner != "alice" || !body.Chairs["alice"] || body.MeetingTopic != "Infra sync" || body.Channel != e.channel ||
		body.Details["nick"] != "alice" || body.Details["line"] != "Infra sync" ||
		!strings.HasPrefix(body.URL, "https://meetbot.example.org/meeting/") {
		t.Fatalf("start body %s", start.Body)
	}
	json.Unmarshal(action.Body, &body)
	if body.Details["line"] != "bob fixes mirror 3" || fmt.Sprint(body.Details["owners"]) != "[bob]" || action.Headers["fedora_messaging_user_bob"] != true {
		t.Fatalf("action %s %v", action.Body, action.Headers)
	}
	json.Unmarshal(done.Body, &body)
	if body.Topic != "Releases" || body.Attendees["alice"] != len(meetingScript) {
		t.Fatalf("complete body %s", done.Body)
	}

	// The file has the same events, in the same order, with the same ids.
	var lines []string
	f, err := os.Open(e.file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var l struct {
			ID  string `json:"message_id"`
			Key string `json:"routing_key"`
		}
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("file line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l.ID+" "+l.Key)
	}
	var want []string
	for _, d := range ds {
		want = append(want, d.MessageId+" "+d.RoutingKey)
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("file:\n%s\nbroker:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	t.Logf("scripted meeting: %d lines said, %d events derived, %d delivered on AMQP, %d in the file; 0 lost, 0 duplicated",
		len(meetingScript), len(meetingTopics), len(ds), len(lines))
	e.stop(t)
}

// TestBotEventsBrokerOutage: the broker stops in the middle of a meeting and
// comes back; the events of the outage wait in the outbox and go out, in
// order, none lost.
func TestBotEventsBrokerOutage(t *testing.T) {
	t.Parallel() // its own IRC server (and broker); mostly waiting
	e, alice := startEventsBot(t)
	e.say(t, alice, meetingScript[:3]...)
	ds := e.delivered(t, nil, 3, 30*time.Second)
	if err := e.broker.Stop(); err != nil {
		t.Fatal(err)
	}
	e.say(t, alice, meetingScript[3:]...) // recorded while the broker is down
	time.Sleep(time.Second)
	e.restartBroker(t)
	ds = e.delivered(t, ds, len(meetingTopics), 60*time.Second)
	wantAllTopics(t, ds, "after the outage")
	t.Logf("broker outage: %d events, %d published before it, %d during it; %d delivered (%d distinct); 0 lost",
		len(meetingTopics), 3, len(meetingTopics)-3, len(ds), distinct(ds))
	e.stop(t)
}

// TestBotEventsKill9: with the broker down, `gavel bot` records the meeting
// and is killed (kill -9) with its events pending; started again (broker
// back) it sends them from its outbox. Nothing is lost; a repeat carries the
// same message_id.
func TestBotEventsKill9(t *testing.T) {
	t.Parallel() // its own IRC server (and broker); mostly waiting
	e, alice := startEventsBot(t)
	alice.Privmsg(e.channel, meetingScript[0])
	e.waitJournal(t, meetingScript[0])
	ds := e.delivered(t, nil, 1, 30*time.Second)
	if err := e.broker.Stop(); err != nil {
		t.Fatal(err)
	}
	e.say(t, alice, meetingScript[1:5]...)
	e.kill9(t)
	// The four events of the lines said during the outage wait in the
	// AMQP outbox; only the last line's may be missing — journaled just
	// before the kill, its event not yet in the outbox — and the journal
	// replay at the start derives it again.
	pending := outboxPending(t, e.journal, "outbox-amqp*.jsonl")
	if pending < 3 || pending > 4 {
		t.Fatalf("%d events pending in the AMQP outbox at the kill, want 3 or 4", pending)
	}

	e.restartBroker(t)
	e.start(t, e.args()...)
	alice.Expect(t, 20*time.Second, joined(e.nick))
	e.say(t, alice, meetingScript[5:]...)
	ds = e.delivered(t, ds, len(meetingTopics), 60*time.Second)
	wantAllTopics(t, ds, "after kill -9")
	t.Logf("kill -9 with events pending: %d events, %d in the outbox at the kill (%d derived again from the journal); %d delivered (%d distinct, %d repeats with the same id); 0 lost",
		len(meetingTopics), pending, 4-pending, len(ds), distinct(ds), len(ds)-distinct(ds))
	e.stop(t)
}

// outboxPending counts the events waiting in the outboxes of dir whose
// file names match pattern.
func outboxPending(t *testing.T, dir, pattern string) int {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, pattern))
	if len(files) == 0 {
		t.Fatalf("no outbox in %s", dir)
	}
	n := 0
	for _, f := range files {
		o, err := bus.OpenOutbox(f)
		if err != nil {
			t.Fatal(err)
		}
		n += o.Len()
		o.Close()
	}
	return n
}
