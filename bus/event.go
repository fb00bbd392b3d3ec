package bus

import (
	"encoding/json"
	"sort"
	"strings"
	"time"
)

// Event is one message for the bus.
type Event struct {
	// ID is the message_id: deterministic, see Derive.
	ID string `json:"id"`
	// Topic is the topic without prefix, e.g. "meetbot.meeting.start".
	Topic string `json:"topic"`
	// Body is the JSON body (zodbot's payload).
	Body json.RawMessage `json:"body"`
	// Users are the nicks the message concerns; each becomes a
	// fedora_messaging_user_<nick> header.
	Users []string `json:"users,omitempty"`
}

// Body is zodbot's message body.
type Body struct {
	Owner        string          `json:"owner"`
	Chairs       map[string]bool `json:"chairs"`
	Attendees    map[string]int  `json:"attendees"`
	URL          string          `json:"url"`
	MeetingTopic string          `json:"meeting_topic"`
	Topic        string          `json:"topic"`
	Channel      string          `json:"channel"`
	Details      map[string]any  `json:"details"`
}

// Wire settings: where events go and how they are labelled.
type Wire struct {
	// Prefix is the topic prefix ("org.fedoraproject.prod"); empty means
	// the bare topic.
	Prefix string
	// Exchange is the AMQP exchange (default amq.topic).
	Exchange string
}

// DefaultExchange is fedora-messaging's default exchange.
const DefaultExchange = "amq.topic"

// Schema is the fedora_messaging_schema header: the base message schema.
const Schema = "base.message"

// SeverityInfo is fedora-messaging's INFO severity (20).
const SeverityInfo = 20

// RoutingKey is prefix + "." + topic (the bare topic without a prefix).
func (w Wire) RoutingKey(topic string) string {
	if p := strings.Trim(w.Prefix, "."); p != "" {
		return p + "." + topic
	}
	return topic
}

// Headers are fedora-messaging's AMQP headers for ev sent at sentAt.
// Consumers reject a message without the schema and severity headers.
func Headers(ev Event, sentAt time.Time) map[string]any {
	h := map[string]any{
		"fedora_messaging_schema":   Schema,
		"fedora_messaging_severity": SeverityInfo,
		"sent-at":                   sentAt.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05+00:00"),
	}
	for _, u := range ev.Users {
		h["fedora_messaging_user_"+u] = true
	}
	return h
}

// Line is an event as one JSON line, what the file and stdout sinks write:
// the same routing key, id, headers and body as on AMQP.
type Line struct {
	ID         string          `json:"message_id"`
	RoutingKey string          `json:"routing_key"`
	Headers    map[string]any  `json:"headers"`
	Body       json.RawMessage `json:"body"`
}

// JSONLine encodes ev as one line (with its newline).
func (w Wire) JSONLine(ev Event, sentAt time.Time) ([]byte, error) {
	b, err := json.Marshal(Line{ID: ev.ID, RoutingKey: w.RoutingKey(ev.Topic), Headers: Headers(ev, sentAt), Body: ev.Body})
	return append(b, '\n'), err
}

// users lists distinct non-empty nicks, sorted.
func users(nicks ...string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range nicks {
		if n != "" && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}
