package ircconn

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gavel-irc/gavel/meeting"
	"github.com/lrstanley/girc"
)

// handle is our only girc handler: a foreground ALL_EVENTS handler, so it
// runs for one event at a time, in server order (echoes included: girc
// passes echo-message lines only to ALL_EVENTS handlers). It updates our
// own tracking and queues events for the dispatcher.
func (cn *conn) handle(_ *girc.Client, e girc.Event) {
	c := cn.c
	switch e.Command {
	case girc.INITIALIZED:
		cn.mu.Lock()
		cn.initialized = true
		closing := cn.closing
		cn.mu.Unlock()
		if closing {
			cn.gc.Close()
		}
	case girc.CAP:
		c.onCAP(e)
	case girc.RPL_LOGGEDIN: // 900 <nick> <mask> <account> :text
		if len(e.Params) >= 3 {
			c.mu.Lock()
			c.account = e.Params[2]
			c.mu.Unlock()
		}
	case "901": // logged out
		c.mu.Lock()
		c.account = ""
		c.mu.Unlock()
	case girc.RPL_SASLSUCCESS:
		cn.mu.Lock()
		cn.saslDone = true
		cn.mu.Unlock()
	case "902", "904", "905", "906", "908":
		if c.cfg.SASL != "" {
			cn.mu.Lock()
			if cn.fatal == nil && !cn.saslDone {
				cn.fatal = fmt.Errorf("ircconn: %w (SASL %s, account %q): %s", ErrSASL,
					strings.ToUpper(c.cfg.SASL), c.cfg.Account, e.Last())
			}
			cn.mu.Unlock()
		}
	case girc.RPL_WELCOME:
		cn.onWelcome(e)
	case girc.RPL_ISUPPORT:
		c.onISupport(e)
	case girc.JOIN:
		cn.onJoin(e)
	case girc.PART:
		c.onPart(e)
	case girc.KICK:
		c.onKick(e)
	case girc.QUIT:
		cn.onQuit(e)
	case girc.NICK:
		cn.onNick(e)
	case girc.TOPIC:
		c.onTopic(e)
	case girc.RPL_TOPIC: // 332 <me> <chan> :topic
		if len(e.Params) >= 3 {
			c.mu.Lock()
			if cs := c.chans[fold(e.Params[1])]; cs != nil {
				cs.topic = e.Last()
			}
			c.mu.Unlock()
		}
	case girc.RPL_NAMREPLY:
		c.onNames(e)
	case girc.RPL_ENDOFNAMES:
		c.onEndOfNames(e)
	case girc.MODE:
		c.onMode(e)
	case girc.CAP_ACCOUNT: // account-notify: ACCOUNT <account|*>
		c.onAccount(e)
	case girc.CAP_CHGHOST:
		if e.Source != nil && len(e.Params) >= 2 {
			c.mu.Lock()
			if fold(e.Source.Name) == fold(c.nick) {
				c.ident, c.host = e.Params[0], e.Params[1]
			}
			c.mu.Unlock()
		}
	case girc.PRIVMSG, girc.NOTICE:
		cn.onMessage(e)
	case "BATCH":
		cn.onBatch(e)
	case girc.INVITE: // INVITE <me> <channel>
		c.onInvite(e)
	case girc.RPL_WHOREPLY, girc.RPL_WHOSPCRPL:
		c.onWhoReply(e)
	case girc.RPL_ENDOFWHO:
		c.onEndOfWho(e)
	case "376", "422": // end of MOTD: ISUPPORT is known now
		c.mu.Lock()
		monitor := c.monitor && fold(c.nick) != fold(c.wanted)
		wanted := c.wanted
		c.mu.Unlock()
		if monitor {
			// The server tells us (731 RPL_MONOFFLINE) when the nick is free.
			cn.gc.Send(&girc.Event{Command: "MONITOR", Params: []string{"+", wanted}})
		}
	case "731": // RPL_MONOFFLINE <me> :nick[!user@host],...
		c.mu.Lock()
		wanted := c.wanted
		c.mu.Unlock()
		for _, target := range strings.Split(e.Last(), ",") {
			if nick, _, _ := strings.Cut(target, "!"); fold(nick) == fold(wanted) {
				cn.regain()
			}
		}
	}
}

func (c *Client) onCAP(e girc.Event) {
	// CAP <nick> ACK|NAK|NEW|DEL [*] :caps
	if len(e.Params) < 3 {
		return
	}
	sub := strings.ToUpper(e.Params[1])
	for _, capName := range strings.Fields(e.Last()) {
		name, _, _ := strings.Cut(capName, "=")
		enabled := !strings.HasPrefix(name, "-")
		name = strings.TrimPrefix(name, "-")
		if name != "echo-message" {
			continue
		}
		c.mu.Lock()
		switch sub {
		case "ACK":
			c.echo = enabled
		case "DEL":
			c.echo = false
		}
		c.mu.Unlock()
	}
}

func (cn *conn) onWelcome(e girc.Event) {
	c := cn.c
	cn.mu.Lock()
	saslDone := cn.saslDone
	cn.mu.Unlock()
	c.mu.Lock()
	if len(e.Params) > 0 {
		c.nick = e.Params[0]
	}
	c.registered = true
	nick := c.nick
	want := append([]string(nil), c.want...)
	pw := c.password
	echo := c.echo
	c.mu.Unlock()
	if c.cfg.SASL != "" && !saslDone {
		// The server did not offer SASL (services down?): do not stay
		// connected unauthenticated; retry later.
		cn.close(fmt.Errorf("server %s did not offer SASL (services not linked?)", c.cfg.Server))
		return
	}
	if c.cfg.NickServ && c.cfg.SASL == "" {
		cn.gc.Send(&girc.Event{Command: girc.PRIVMSG, Params: []string{"NickServ", "IDENTIFY " + c.cfg.Account + " " + pw}, Sensitive: true})
	}
	if len(want) > 0 {
		cn.gc.Cmd.Join(want...)
	}
	c.log.Info("ircconn: connected", "server", c.cfg.Server, "nick", nick, "echo", echo)
	c.emit(Event{Type: EventState, State: StateConnected, Nick: nick})
	go cn.regainLoop() // acts only while we have a fallback nick
	c.q.poke()
}

func (c *Client) onISupport(e girc.Event) {
	if len(e.Params) < 2 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, tok := range e.Params[1 : len(e.Params)-1] {
		k, v, _ := strings.Cut(tok, "=")
		switch k {
		case "PREFIX": // (qaohv)~&@%+
			if i := strings.IndexByte(v, ')'); strings.HasPrefix(v, "(") && i > 0 && len(v)-i-1 == i-1 {
				c.prefixModes, c.prefixChars = v[1:i], v[i+1:]
			}
		case "CHANMODES":
			parts := strings.SplitN(v, ",", 4)
			for i := range parts {
				c.chanModes[i] = parts[i]
			}
		case "MONITOR":
			c.monitor = true
		case "CHATHISTORY":
			c.historyLimit, _ = strconv.Atoi(v)
		case "CHANTYPES":
			if v != "" {
				c.chanTypes = v
			}
		}
	}
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

// lineTime is the server-time of e (UTC) when the server sent one, else
// our clock.
func (c *Client) lineTime(e girc.Event) time.Time {
	if _, ok := e.Tags.Get("time"); ok {
		return e.Timestamp.UTC()
	}
	return c.cfg.Now().UTC()
}

func srcNick(e girc.Event) string {
	if e.Source == nil {
		return ""
	}
	return e.Source.Name
}

// accountOf is the account-tag of e, else what we know of nick in cs.
// c.mu must be held.
func accountOf(e girc.Event, cs *chanState, nick string) string {
	if a, ok := e.Tags.Get("account"); ok && a != "*" {
		return a
	}
	if cs != nil {
		if m := cs.members[fold(nick)]; m != nil {
			return m.Account
		}
	}
	return ""
}

func msgID(e girc.Event) string {
	id, _ := e.Tags.Get("msgid")
	return id
}

func (c *Client) line(e girc.Event, cs *chanState, channel string, kind meeting.Kind, text string) Event {
	nick := srcNick(e)
	id := msgID(e)
	return Event{Type: EventLine, Channel: channel, MsgID: id,
		Self: fold(nick) == fold(c.nick),
		Line: meeting.Line{Time: c.lineTime(e), Nick: nick, Account: accountOf(e, cs, nick), Kind: kind, Text: text, MsgID: id}}
}

func (cn *conn) onJoin(e girc.Event) {
	c := cn.c
	if e.Source == nil || len(e.Params) == 0 {
		return
	}
	name := e.Params[0]
	nick := e.Source.Name
	account, realname := "", ""
	if len(e.Params) >= 3 { // extended-join: JOIN #chan account :realname
		realname = e.Params[2]
	}
	if len(e.Params) >= 3 && e.Params[1] != "*" {
		account = e.Params[1]
	} else if a, ok := e.Tags.Get("account"); ok && a != "*" {
		account = a
	}
	c.mu.Lock()
	self := fold(nick) == fold(c.nick)
	key := fold(name)
	cs := c.chans[key]
	if self {
		c.ident, c.host = e.Source.Ident, e.Source.Host
		cs = &chanState{name: c.canon(name), members: map[string]*Member{}}
		if _, ok := e.Tags.Get("time"); ok {
			cs.joined = e.Timestamp.UTC()
		}
		c.chans[key] = cs
	}
	if cs == nil {
		c.mu.Unlock()
		return
	}
	cs.members[fold(nick)] = &Member{Nick: nick, Account: account, RealName: realname}
	ev := c.line(e, cs, cs.name, meeting.Join, "")
	ev.Line.Account = account
	var names Event
	if realname != "" && !self {
		// Who joined is known now, not one WHO round trip later.
		names = roster(cs)
	}
	c.mu.Unlock()
	c.emit(ev)
	if names.Type != 0 {
		c.emit(names)
	}
	if self {
		cn.requestHistory(name)
	}
}

func (c *Client) onPart(e girc.Event) {
	if e.Source == nil || len(e.Params) == 0 {
		return
	}
	reason := ""
	if len(e.Params) >= 2 {
		reason = e.Params[1]
	}
	c.inChannel(e.Params[0], func(key string, cs *chanState) (Event, bool) {
		ev := c.line(e, cs, cs.name, meeting.Part, reason)
		delete(cs.members, fold(e.Source.Name))
		if ev.Self {
			delete(c.chans, key)
		}
		return ev, true
	})
}

func (c *Client) onKick(e girc.Event) {
	if len(e.Params) < 2 {
		return
	}
	c.inChannel(e.Params[0], func(key string, cs *chanState) (Event, bool) {
		victim := e.Params[1]
		ev := c.line(e, cs, cs.name, meeting.Kick, victim)
		delete(cs.members, fold(victim))
		if fold(victim) == fold(c.nick) {
			// Kicked: leave it be (no automatic rejoin, not after reconnect).
			delete(c.chans, key)
			c.dropWant(cs.name)
		}
		return ev, true
	})
}

// onQuit reports a Quit line in every channel the nick was in (QUIT
// carries no channel; netsplits are QUITs too).
func (cn *conn) onQuit(e girc.Event) {
	c := cn.c
	if e.Source == nil {
		return
	}
	nick := e.Source.Name
	c.mu.Lock()
	var evs []Event
	for _, cs := range c.sortedChans() {
		if _, in := cs.members[fold(nick)]; in {
			evs = append(evs, c.line(e, cs, cs.name, meeting.Quit, e.Last()))
			delete(cs.members, fold(nick))
		}
	}
	regain := fold(nick) == fold(c.wanted) && fold(c.nick) != fold(c.wanted)
	c.mu.Unlock()
	for _, ev := range evs {
		c.emit(ev)
	}
	if regain {
		cn.regain()
	}
}

func (cn *conn) onNick(e girc.Event) {
	c := cn.c
	if e.Source == nil || len(e.Params) == 0 {
		return
	}
	old, nw := e.Source.Name, e.Last()
	c.mu.Lock()
	self := fold(old) == fold(c.nick)
	var evs []Event
	for _, cs := range c.sortedChans() {
		m := cs.members[fold(old)]
		if m == nil {
			continue
		}
		evs = append(evs, c.line(e, cs, cs.name, meeting.NickChange, nw))
		delete(cs.members, fold(old))
		m.Nick = nw
		cs.members[fold(nw)] = m
	}
	if self {
		c.nick = nw
	}
	regain := !self && fold(old) == fold(c.wanted) && fold(c.nick) != fold(c.wanted)
	c.mu.Unlock()
	for _, ev := range evs {
		c.emit(ev)
	}
	if self {
		c.emit(Event{Type: EventNick, Nick: nw})
	}
	if regain {
		cn.regain()
	}
}

func (c *Client) onTopic(e girc.Event) {
	if len(e.Params) < 1 {
		return
	}
	c.inChannel(e.Params[0], func(_ string, cs *chanState) (Event, bool) {
		topic := ""
		if len(e.Params) >= 2 {
			topic = e.Last()
		}
		cs.topic = topic
		return c.line(e, cs, cs.name, meeting.TopicChange, topic), true
	})
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

func (c *Client) onAccount(e girc.Event) {
	if e.Source == nil || len(e.Params) == 0 {
		return
	}
	account := e.Params[0]
	if account == "*" {
		account = ""
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cs := range c.chans {
		if m := cs.members[fold(e.Source.Name)]; m != nil {
			m.Account = account
		}
	}
}

func (cn *conn) onMessage(e girc.Event) {
	c := cn.c
	if e.Source == nil || e.Source.Ident == "" && e.Source.Host == "" || len(e.Params) < 2 {
		return // server notices
	}
	text := e.Last()
	kind := meeting.Message
	if e.Command == girc.NOTICE {
		kind = meeting.Notice
	}
	if strings.HasPrefix(text, "\x01") {
		if e.Command != girc.PRIVMSG || !e.IsAction() {
			return // other CTCP requests and replies (onCTCP answers a few)
		}
		kind = meeting.Action
		text = e.StripAction()
	}
	target := e.Params[0]
	c.mu.Lock()
	if !c.isChannel(target) {
		self := fold(e.Source.Name) == fold(c.nick)
		c.mu.Unlock()
		if self {
			return // our own private messages (e.g. to NickServ) are never reported
		}
		c.emit(Event{Type: EventPrivate, MsgID: msgID(e), Line: meeting.Line{
			Time: c.lineTime(e), Nick: e.Source.Name, Account: accountOf(e, nil, ""), Kind: kind, Text: text}})
		return
	}
	cs := c.chans[fold(target)]
	channel := c.canon(target)
	ev := c.line(e, cs, channel, kind, text)
	ev.Self = ev.Self || e.Echo
	var joined time.Time
	if cs != nil {
		joined = cs.joined
	}
	c.mu.Unlock()
	ev.Line.Recovered = cn.historyLine(e, joined)
	c.emit(ev)
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

func snapshot(members map[string]*Member) []Member {
	out := make([]Member, 0, len(members))
	for _, m := range members {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return fold(out[i].Nick) < fold(out[j].Nick) })
	return out
}

// onInvite reports an invitation to us; a hostile channel name is dropped.
func (c *Client) onInvite(e girc.Event) {
	if len(e.Params) < 2 || e.Source == nil {
		return
	}
	c.mu.Lock()
	me := fold(e.Params[0]) == fold(c.nick)
	c.mu.Unlock()
	if !me || !validTarget(e.Params[1]) || !c.isChannel(e.Params[1]) {
		return
	}
	c.emit(Event{Type: EventInvite, Channel: e.Params[1], Line: meeting.Line{Time: c.lineTime(e), Nick: e.Source.Name}})
}
