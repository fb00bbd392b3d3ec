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
//     server-time is older than our JOIN.
//
// Where the server offers draft/chathistory we ask for the latest lines of
// a channel right after joining it (CHATHISTORY LATEST <chan> * <limit>);
// the recorder keeps only what it did not have.

// historyCap is the IRCv3 capability for CHATHISTORY requests.
const historyCap = "draft/chathistory"

// defaultHistoryLimit is how many lines we ask for when the server does not
// say its limit (ISUPPORT CHATHISTORY=n).
const defaultHistoryLimit = 100

// onBatch tracks open batches of this connection (BATCH +ref type ... /
// BATCH -ref).
func (cn *conn) onBatch(e girc.Event) {
	if len(e.Params) == 0 || len(e.Params[0]) < 2 {
		return
	}
	ref := e.Params[0][1:]
	cn.mu.Lock()
	defer cn.mu.Unlock()
	switch e.Params[0][0] {
	case '+':
		if cn.batches == nil {
			cn.batches = map[string]string{}
		}
		typ := ""
		if len(e.Params) > 1 {
			typ = strings.ToLower(e.Params[1])
		}
		if len(cn.batches) < 64 { // a hostile server cannot grow it forever
			cn.batches[ref] = typ
		}
	case '-':
		delete(cn.batches, ref)
	}
}

// historyLine reports whether a channel line e is replayed history.
// joined is the server time of our JOIN to the channel (zero if unknown).
func (cn *conn) historyLine(e girc.Event, joined time.Time) bool {
	if ref, ok := e.Tags.Get("batch"); ok {
		cn.mu.Lock()
		typ := cn.batches[ref]
		cn.mu.Unlock()
		if typ == "chathistory" || strings.HasSuffix(typ, "/chathistory") {
			return true
		}
	}
	if _, ok := e.Tags.Get("time"); ok && !joined.IsZero() && e.Timestamp.Before(joined) {
		return true
	}
	return false
}

// requestHistory asks for the latest lines of channel when the server
// offers draft/chathistory.
func (cn *conn) requestHistory(channel string) {
	if !cn.gc.HasCapability(historyCap) {
		return
	}
	c := cn.c
	c.mu.Lock()
	limit := c.historyLimit
	c.mu.Unlock()
	if limit <= 0 {
		limit = defaultHistoryLimit
	}
	cn.gc.Send(&girc.Event{Command: "CHATHISTORY", Params: []string{"LATEST", channel, "*", strconv.Itoa(limit)}})
}
