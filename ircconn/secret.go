package ircconn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"time"
)

// Secret is a password that is looked up when needed: from an environment
// variable, a file, or the output of a command. Its String, Format and
// LogValue show only where it comes from, never the value, so a Config can
// be printed or logged safely.
type Secret struct {
	kind  string // "", "env", "file", "cmd", "value"
	ref   string
	value string
}

// SecretEnv reads the secret from environment variable name.
func SecretEnv(name string) Secret { return Secret{kind: "env", ref: name} }

// SecretFile reads the secret from the first line of file path.
func SecretFile(path string) Secret { return Secret{kind: "file", ref: path} }

// SecretCommand runs command with sh -c and takes the first line of its
// output (like password-cmd in many clients).
func SecretCommand(command string) Secret { return Secret{kind: "cmd", ref: command} }

// SecretValue wraps a value already in memory (tests, or a value read from
// a prompt). Never build one from a command-line flag.
func SecretValue(v string) Secret { return Secret{kind: "value", value: v} }

// ParseSecret parses "env:NAME", "file:PATH" or "cmd:COMMAND". A literal
// value is refused on purpose.
func ParseSecret(spec string) (Secret, error) {
	kind, ref, ok := strings.Cut(spec, ":")
	if ok && ref != "" {
		switch kind {
		case "env":
			return SecretEnv(ref), nil
		case "file":
			return SecretFile(ref), nil
		case "cmd":
			return SecretCommand(ref), nil
		}
	}
	return Secret{}, errors.New(`secret must be "env:NAME", "file:PATH" or "cmd:COMMAND" (literal passwords are not accepted)`)
}

// IsZero reports whether no secret was configured.
func (s Secret) IsZero() bool { return s.kind == "" }

// String describes where the secret comes from, never its value.
func (s Secret) String() string {
	switch s.kind {
	case "":
		return "(none)"
	case "value":
		return "(secret)"
	default:
		return s.kind + ":" + s.ref
	}
}

// Format makes every fmt verb (%v, %+v, %#v, %s, %q) print String.
func (s Secret) Format(f fmt.State, verb rune) { fmt.Fprint(f, s.String()) }

// LogValue makes slog print String.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText keeps the value out of JSON and other encodings.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Reveal looks the secret up. File contents and command output are cut at
// the first line break. An empty secret is an error.
func (s Secret) Reveal(ctx context.Context) (string, error) {
	var v string
	switch s.kind {
	case "":
		return "", errors.New("no secret configured")
	case "value":
		v = s.value
	case "env":
		var ok bool
		if v, ok = os.LookupEnv(s.ref); !ok {
			return "", fmt.Errorf("secret %s: environment variable not set", s)
		}
	case "file":
		b, err := os.ReadFile(s.ref)
		if err != nil {
			return "", fmt.Errorf("secret %s: %w", s, err)
		}
		v = firstLine(b)
	case "cmd":
		ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, "sh", "-c", s.ref)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			// stderr is not shown: a password command may echo secrets.
			return "", fmt.Errorf("secret %s: command failed: %w", s, err)
		}
		v = firstLine(out)
	}
	if v == "" {
		return "", fmt.Errorf("secret %s is empty", s)
	}
	return v, nil
}

func firstLine(b []byte) string {
	s := string(b)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return s
}
