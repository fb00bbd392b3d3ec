package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"time"
)

// preflight checks what the bot and the chair need before anything
// connects or a screen opens, so a mistake is one clear line on the plain
// terminal: the password source (an unset env: variable, an unreadable
// file:), TLS files (readable, and only with --tls), and the archive and
// journal directories (writable). Setting mistakes are usage errors (exit
// status 2); a directory that cannot be written is exit status 1.
func preflight(cf connFlags, archiveDir, journalDir string) error {
	if kind, ref, ok := strings.Cut(cf.password, ":"); ok {
		switch kind {
		case "env":
			if _, set := os.LookupEnv(ref); !set {
				return usageErr(fmt.Errorf("--password env:%s: $%s is not set", ref, ref))
			}
		case "file":
			if err := readable(ref); err != nil {
				return usageErr(fmt.Errorf("--password file:%s: %w", ref, err))
			}
		}
	}
	for _, f := range []struct{ flag, path string }{{"--tls-ca", cf.caFile}, {"--tls-cert", cf.certFile}, {"--tls-key", cf.keyFile}} {
		if f.path == "" {
			continue
		}
		if !cf.tls {
			return usageErr(fmt.Errorf("%s is used only with --tls", f.flag))
		}
		if err := readable(f.path); err != nil {
			return usageErr(fmt.Errorf("%s: %w", f.flag, err))
		}
	}
	for _, d := range []struct{ what, dir string }{{"archive", archiveDir}, {"journal directory", journalDir}} {
		if err := writableDir(d.dir); err != nil {
			return fmt.Errorf("the %s %s is not writable: %w", d.what, d.dir, unwrapPath(err))
		}
	}
	return nil
}

// resolvable checks that the server's host name exists (the chair asks
// before connecting; a DNS outage is left to the connection's retries).
func resolvable(ctx context.Context, host string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err := net.DefaultResolver.LookupHost(ctx, host)
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return usageErr(fmt.Errorf("--server %s: no such host", host))
	}
	return nil
}

func readable(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return unwrapPath(err)
	}
	return f.Close()
}

// writableDir makes dir if needed and proves a file can be created in it.
func writableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".gavel-preflight-*")
	if err != nil {
		return err
	}
	f.Close()
	return os.Remove(f.Name())
}
