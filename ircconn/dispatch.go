package ircconn

// ---- event dispatch ----

func (c *Client) emit(ev Event) {
	c.evmu.Lock()
	c.seq++
	ev.Seq = c.seq
	c.evq = append(c.evq, ev)
	c.evmu.Unlock()
	c.wakeDispatch()
}

func (c *Client) wakeDispatch() {
	select {
	case c.evwake <- struct{}{}:
	default:
	}
}

func (c *Client) dispatch(done chan struct{}) {
	defer close(done)
	for {
		c.evmu.Lock()
		batch := c.evq
		c.evq = nil
		finished := c.evdone
		c.evmu.Unlock()
		switch {
		case len(batch) == 0:
		case c.cfg.OnEvents != nil:
			c.cfg.OnEvents(batch)
		case c.cfg.OnEvent != nil:
			for _, ev := range batch {
				c.cfg.OnEvent(ev)
			}
		}
		if len(batch) == 0 {
			if finished {
				return
			}
			<-c.evwake
		}
	}
}
