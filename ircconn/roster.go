package ircconn

import (
	"sort"
	"strings"

	"github.com/lrstanley/girc"
)

// Roster: channel members and their status prefixes, from NAMES and MODE.

// Roster returns channel's members (sorted by nick) and topic; ok is false
// when we are not in it.
func (c *Client) Roster(channel string) (members []Member, topic string, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cs := c.chans[fold(channel)]
	if cs == nil {
		return nil, "", false
	}
	return snapshot(cs.members), cs.topic, true
}

// splitPrefix cuts status prefixes off a NAMES entry and the user@host
// (userhost-in-names) off the nick. c.mu must be held.
func (c *Client) splitPrefix(entry string) (prefix, nick string) {
	i := 0
	for i < len(entry) && strings.IndexByte(c.prefixChars, entry[i]) >= 0 {
		i++
	}
	nick, _, _ = strings.Cut(entry[i:], "!")
	return c.sortPrefix(entry[:i]), nick
}

// sortPrefix orders prefix chars by rank. c.mu must be held.
func (c *Client) sortPrefix(p string) string {
	var b strings.Builder
	for i := 0; i < len(c.prefixChars); i++ {
		if strings.IndexByte(p, c.prefixChars[i]) >= 0 {
			b.WriteByte(c.prefixChars[i])
		}
	}
	return b.String()
}

func (c *Client) onNames(e girc.Event) {
	// 353 <me> <=|*|@> <chan> :names
	if len(e.Params) < 4 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	cs := c.chans[fold(e.Params[2])]
	if cs == nil {
		return
	}
	if cs.names == nil {
		cs.names = map[string]*Member{}
	}
	for _, entry := range strings.Fields(e.Last()) {
		prefix, nick := c.splitPrefix(entry)
		if nick == "" {
			continue
		}
		m := &Member{Nick: nick, Prefix: prefix}
		if old := cs.members[fold(nick)]; old != nil {
			m.Account, m.RealName = old.Account, old.RealName
		}
		cs.names[fold(nick)] = m
	}
}

func (c *Client) onEndOfNames(e girc.Event) {
	if len(e.Params) < 2 {
		return
	}
	c.inChannel(e.Params[1], func(_ string, cs *chanState) (Event, bool) {
		if cs.names != nil {
			cs.members = cs.names
			cs.names = nil
		}
		return roster(cs), true
	})
}

// roster is a channel's member list as an event.
func roster(cs *chanState) Event {
	return Event{Type: EventRoster, Channel: cs.name, Members: snapshot(cs.members), Topic: cs.topic, Complete: cs.who}
}

func (c *Client) onMode(e girc.Event) {
	if len(e.Params) < 2 {
		return
	}
	c.inChannel(e.Params[0], func(_ string, cs *chanState) (Event, bool) { return c.applyModes(e, cs) })
}

// applyModes tracks op/voice changes; it reports a roster event when a
// member's status changed.
func (c *Client) applyModes(e girc.Event, cs *chanState) (Event, bool) {
	args := e.Params[2:]
	adding, changed := true, false
	for _, m := range e.Params[1] {
		switch {
		case m == '+':
			adding = true
			continue
		case m == '-':
			adding = false
			continue
		}
		if i := strings.IndexRune(c.prefixModes, m); i >= 0 && i < len(c.prefixChars) {
			if len(args) == 0 {
				break
			}
			target := args[0]
			args = args[1:]
			if mem := cs.members[fold(target)]; mem != nil {
				ch := string(c.prefixChars[i])
				if adding && !strings.Contains(mem.Prefix, ch) {
					mem.Prefix = c.sortPrefix(mem.Prefix + ch)
				} else if !adding {
					mem.Prefix = strings.ReplaceAll(mem.Prefix, ch, "")
				}
				changed = true
			}
			continue
		}
		takesArg := strings.ContainsRune(c.chanModes[0], m) || strings.ContainsRune(c.chanModes[1], m) ||
			(adding && strings.ContainsRune(c.chanModes[2], m))
		if takesArg && len(args) > 0 {
			args = args[1:]
		}
	}
	if !changed {
		return Event{}, false
	}
	return roster(cs), true
}

func snapshot(members map[string]*Member) []Member {
	out := make([]Member, 0, len(members))
	for _, m := range members {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return fold(out[i].Nick) < fold(out[j].Nick) })
	return out
}
