package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gavel-irc/gavel/ircconn/ircnet"
)

// feedFifo makes a fifo that a goroutine feeds log lines forever (until
// the reader goes away or the test ends).
func feedFifo(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "endless.log.txt")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	go func() {
		f, err := os.OpenFile(p, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		w := bufio.NewWriter(f)
		fmt.Fprintln(w, "21:00:00 <alice> #startmeeting endless")
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := fmt.Fprintf(w, "21:00:%02d <bob> line %d\n", i%60, i); err != nil {
				return
			}
		}
	}()
	return p
}

// bigArchive is an archive holding one 50 MB log to index.
func bigArchive(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	p := filepath.Join(dir, "#big", "2026-01-01", "big.2026-01-01-10.00.log.txt")
	os.MkdirAll(filepath.Dir(p), 0o755)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "10:00:00 <alice> #startmeeting big")
	line := "10:00:01 <bob> " + strings.Repeat("words ", 10) + "\n"
	for range 50 << 20 / len(line) {
		w.WriteString(line)
	}
	w.Flush()
	f.Close()
	return dir
}

// TestLongCommandsStopOnSignal: minutes, import and index stop soon after
// Ctrl-C or SIGTERM — on /dev/zero (one endless line), on a fifo fed
// forever, on a big log — with exit status 130 and a clear message.
func TestLongCommandsStopOnSignal(t *testing.T) {
	for _, tc := range []struct {
		name string
		args func(t *testing.T) []string
		sig  syscall.Signal
	}{
		{"minutes /dev/zero", func(*testing.T) []string { return []string{"minutes", "/dev/zero"} }, syscall.SIGINT},
		{"minutes fifo", func(t *testing.T) []string { return []string{"minutes", feedFifo(t)} }, syscall.SIGTERM},
		{"import /dev/zero", func(t *testing.T) []string { return []string{"import", "--archive", t.TempDir(), "/dev/zero"} }, syscall.SIGINT},
		{"import fifo", func(t *testing.T) []string { return []string{"import", "--archive", t.TempDir(), feedFifo(t)} }, syscall.SIGTERM},
		{"index big log", func(t *testing.T) []string { return []string{"index", "--archive", bigArchive(t)} }, syscall.SIGINT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], tc.args(t)...)
			cmd.Env = append(os.Environ(), "GAVEL_TEST_AS_MAIN=1")
			stderr := &ircnet.Buffer{}
			cmd.Stderr = stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			time.Sleep(700 * time.Millisecond) // well into the reading
			select {
			case err := <-done:
				t.Fatalf("ended before the signal: %v\n%s", err, stderr.String())
			default:
			}
			cmd.Process.Signal(tc.sig)
			t0 := time.Now()
			select {
			case err := <-done:
				took := time.Since(t0)
				t.Logf("exited %v after the signal", took.Round(time.Millisecond))
				if cmd.ProcessState.ExitCode() != 130 || !strings.Contains(stderr.String(), "interrupted") {
					t.Fatalf("exit %v, stderr:\n%s", err, stderr.String())
				}
			case <-time.After(5 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("still running 5 s after %v\n%s", tc.sig, stderr.String())
			}
		})
	}
}
