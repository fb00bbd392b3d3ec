package main

import (
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/gavel-irc/gavel/bus"
)

// drainEvents is how long a stopping bot waits for its events to be
// confirmed; what is left stays in the outbox for the next start.
const drainEvents = 5 * time.Second

// openEvents opens the message bus of --events (nil when none) and starts
// sending. The outboxes live beside the journals.
func openEvents(specs []string, prefix, exchange, journalDir string, log *slog.Logger) (*bus.Bus, error) {
	if len(specs) == 0 {
		return nil, nil
	}
	b, err := bus.Open(bus.Config{Specs: specs, Wire: bus.Wire{Prefix: prefix, Exchange: exchange}, Dir: journalDir, Logger: log})
	if err != nil {
		return nil, err
	}
	for _, st := range b.Stranded {
		fmt.Fprintf(os.Stderr, "gavel bot: %d meeting events wait in %s for an --events sink no longer given; they are not sent\n", st.Pending, st.Path)
		log.Warn("events stranded in the outbox of a sink no longer configured", "outbox", st.Path, "pending", st.Pending)
	}
	if n := b.Pending(); n > 0 {
		fmt.Fprintf(os.Stderr, "gavel bot: %d meeting events from before the restart are waiting to be sent\n", n)
	}
	b.Start()
	return b, nil
}

// closeEvents gives pending events a moment to go out, then closes.
func closeEvents(b *bus.Bus) {
	if b == nil {
		return
	}
	if left := b.Drain(drainEvents); left > 0 {
		fmt.Fprintf(os.Stderr, "gavel bot: %d meeting events not yet confirmed; they are sent at the next start\n", left)
	}
	b.Close()
}
