package main

import (
	"context"
	"errors"
)

// stopped turns a run cut short by Ctrl-C or SIGTERM (main cancels ctx)
// into exit status 130 with one clear message; other errors pass.
func stopped(ctx context.Context, err error) error {
	if ctx.Err() != nil && (err == nil || errors.Is(err, context.Canceled)) {
		return &exitError{130, errors.New("interrupted: what was not finished was not written")}
	}
	return err
}

// cutShort reports whether a per-file error is only the interruption (not
// worth a line of its own).
func cutShort(ctx context.Context, err error) bool {
	return ctx.Err() != nil && errors.Is(err, context.Canceled)
}
