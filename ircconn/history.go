package ircconn

import (
	"strconv"
	"strings"
	"time"

	"github.com/lrstanley/girc"
)

// Channel history: lines a server (or bouncer) sends us that were said
// before we joined. girc v1.1.1 asks for the batch capability but does not
// group batches: a batch's lines reach our handler as ordinary events with
// a "batch" tag, between "BATCH +ref type args" and "BATCH -ref". We mark
// such lines Recovered (meeting.Line) so the recorder can tell them from
// live ones:
//
//   - lines inside a "chathistory" batch: InspIRCd's chanhistory replay on
//     JOIN, and answers to IRCv3 draft/chathistory CHATHISTORY requests;
//   - bouncer playback without a batch (ZNC, soju): channel lines whose
//     server-time is older than our JOIN (by playbackMargin).
//
// Where the server offers draft/chathistory we ask, right after joining a
// channel, for what was said since Config.HistorySince (CHATHISTORY AFTER
// <chan> timestamp=… <limit>, then AFTER msgid=<last> while answers come
// back full), or for the latest lines when that is unknown (LATEST); the
// recorder keeps only what it did not have.

// historyCap is the IRCv3 capability for CHATHISTORY requests.
const historyCap = "draft/chathistory"

// defaultHistoryLimit is how many lines we ask for when the server does not
// say its limit (ISUPPORT CHATHISTORY=n).
const defaultHistoryLimit = 100

// maxHistoryPages bounds the CHATHISTORY requests after one JOIN.
const maxHistoryPages = 50

// batch is an open BATCH of this connection.
type batch struct {
	typ, target string
	lines       int    // history lines seen in it
	lastID      string // msgid of the last of them
}

func (b *batch) history() bool {
	return b != nil && (b.typ == "chathistory" || strings.HasSuffix(b.typ, "/chathistory"))
}

// onBatch tracks open batches (BATCH +ref type [target] / BATCH -ref). When
// a CHATHISTORY answer we asked for ends full, the next page is asked for.
func (cn *conn) onBatch(e girc.Event) {
	if len(e.Params) == 0 || len(e.Params[0]) < 2 {
		return
	}
	ref := e.Params[0][1:]
	lim := cn.c.limit() // before cn.mu: never hold both
	cn.mu.Lock()
	switch e.Params[0][0] {
	case '+':
		if cn.batches == nil {
			cn.batches = map[string]*batch{}
		}
		b := &batch{}
		if len(e.Params) > 1 {
			b.typ = strings.ToLower(e.Params[1])
		}
		if len(e.Params) > 2 {
			b.target = e.Params[2]
		}
		if len(cn.batches) < 64 { // a hostile server cannot grow it forever
			cn.batches[ref] = b
		}
		cn.mu.Unlock()
	case '-':
		b := cn.batches[ref]
		delete(cn.batches, ref)
		key := fold(b.targetOrEmpty())
		pages, asked := cn.histPages[key]
		next := b.history() && asked && pages < maxHistoryPages && b.lastID != "" && b.lines >= lim
		if b.history() && asked {
			if next {
				cn.histPages[key] = pages + 1
			} else {
				delete(cn.histPages, key)
			}
		}
		cn.mu.Unlock()
		if next {
			cn.gc.Send(&girc.Event{Command: "CHATHISTORY", Params: []string{"AFTER", b.target, "msgid=" + b.lastID, strconv.Itoa(lim)}})
		}
	default:
		cn.mu.Unlock()
	}
}

func (b *batch) targetOrEmpty() string {
	if b == nil {
		return ""
	}
	return b.target
}

// historyLine reports whether a channel line e is replayed history.
// joined is the server time of our JOIN to the channel (zero if unknown).
func (cn *conn) historyLine(e girc.Event, joined time.Time) bool {
	if ref, ok := e.Tags.Get("batch"); ok {
		cn.mu.Lock()
		b := cn.batches[ref]
		if b.history() {
			b.lines++
			if id := msgID(e); id != "" {
				b.lastID = id
			}
		}
		cn.mu.Unlock()
		if b.history() {
			return true
		}
	}
	if _, ok := e.Tags.Get("time"); ok && !joined.IsZero() && e.Timestamp.Before(joined.Add(-playbackMargin)) {
		return true
	}
	return false
}

// playbackMargin: a line without a batch is bouncer playback only when it
// is this much older than our JOIN. Servers of one network stamp lines with
// their own clocks; a live line relayed from a server a little behind ours
// must stay live (the recorder drops history it cannot place).
const playbackMargin = 5 * time.Second

// limit is how many lines one CHATHISTORY request asks for.
func (c *Client) limit() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.historyLimit > 0 {
		return min(c.historyLimit, 1000)
	}
	return defaultHistoryLimit
}

// requestHistory asks a server that offers draft/chathistory for what was
// said in channel since Config.HistorySince (from a little before it, so a
// line we have proves the answer continuous), page after page; without a
// time, for the latest lines.
func (cn *conn) requestHistory(channel string) {
	if !cn.gc.HasCapability(historyCap) {
		return
	}
	var since time.Time
	if f := cn.c.cfg.HistorySince; f != nil {
		since = f(channel)
	}
	n := strconv.Itoa(cn.c.limit())
	cn.mu.Lock()
	if cn.histPages == nil {
		cn.histPages = map[string]int{}
	}
	cn.histPages[fold(channel)] = 1
	cn.mu.Unlock()
	if since.IsZero() {
		cn.gc.Send(&girc.Event{Command: "CHATHISTORY", Params: []string{"LATEST", channel, "*", n}})
		return
	}
	ts := "timestamp=" + since.UTC().Format("2006-01-02T15:04:05.000Z")
	cn.gc.Send(&girc.Event{Command: "CHATHISTORY", Params: []string{"AFTER", channel, ts, n}})
}
