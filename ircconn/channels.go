package ircconn

import (
	"sort"
	"strings"
	"time"
)

// Channel tracking: which channels we are in and want to be in, and how
// their names are spelled and folded.

type chanState struct {
	name    string
	joined  time.Time // server time of our JOIN (zero without server-time)
	topic   string
	members map[string]*Member
	names   map[string]*Member // NAMES being received
	// who is set when the WHO of the channel sent after our join ended;
	// whoDirty when a WHO reply changed a member's realname since the
	// last roster event.
	who, whoDirty bool
}

func (c *Client) isChannel(name string) bool {
	return name != "" && strings.IndexByte(c.chanTypes, name[0]) >= 0
}

// canon spells a channel as we were told to (Config.Channels / Join).
// c.mu must be held.
func (c *Client) canon(name string) string {
	f := fold(name)
	for _, w := range c.want {
		if fold(w) == f {
			return w
		}
	}
	if cs := c.chans[f]; cs != nil {
		return cs.name
	}
	return name
}

func (c *Client) addWant(ch string) {
	for _, w := range c.want {
		if fold(w) == fold(ch) {
			return
		}
	}
	c.want = append(c.want, ch)
}

func (c *Client) dropWant(ch string) {
	out := c.want[:0]
	for _, w := range c.want {
		if fold(w) != fold(ch) {
			out = append(out, w)
		}
	}
	c.want = out
}

// inChannel runs f on a channel we track, under the lock, and emits the
// event f returns (if it says so) after unlocking, so a consumer never
// runs with our lock held. Lines for other channels are ignored.
func (c *Client) inChannel(name string, f func(key string, cs *chanState) (Event, bool)) {
	c.mu.Lock()
	key := fold(name)
	cs := c.chans[key]
	if cs == nil {
		c.mu.Unlock()
		return
	}
	ev, ok := f(key, cs)
	c.mu.Unlock()
	if ok {
		c.emit(ev)
	}
}

// sortedChans lists tracked channels by name (deterministic event order).
// c.mu must be held.
func (c *Client) sortedChans() []*chanState {
	out := make([]*chanState, 0, len(c.chans))
	for _, cs := range c.chans {
		out = append(out, cs)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}
