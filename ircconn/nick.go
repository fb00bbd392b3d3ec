package ircconn

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// Nick fallback while registering, and regaining the wanted nick after.

// nickCollide picks the next fallback nick while registering; once
// registered a refused NICK (regain attempt) is simply dropped.
func (cn *conn) nickCollide(string) string {
	cn.c.mu.Lock()
	registered := cn.c.registered
	cn.c.mu.Unlock()
	if registered {
		return ""
	}
	cn.mu.Lock()
	defer cn.mu.Unlock()
	cn.regNick += "_"
	if len(cn.regNick) > 30 {
		cn.regNick = cn.regNick[:25] + strconv.Itoa(rand.IntN(99999))
	}
	return cn.regNick
}

func (cn *conn) regainLoop() {
	c := cn.c
	t := time.NewTicker(c.cfg.NickRegainInterval)
	defer t.Stop()
	for {
		select {
		case <-cn.done:
			return
		case <-t.C:
			cn.regain()
		}
	}
}

func (cn *conn) regain() {
	c := cn.c
	c.mu.Lock()
	need := c.registered && c.cur == cn && fold(c.nick) != fold(c.wanted)
	wanted := c.wanted
	c.mu.Unlock()
	if need {
		cn.gc.Cmd.Nick(wanted)
	}
}
