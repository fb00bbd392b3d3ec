package importer

import "testing"

func TestChannelFromPath(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"fedora-meeting/2020-06-10/magazine.2020-06-10-12.02.log.txt", "#fedora-meeting"},
		{"debian-meeting/2009/debian-meeting.2009-06-17-05.00.log.html", "#debian-meeting"},
		{"logs/2009/other.2009-06-17-05.00.log.html", "#other"}, // a year directory alone proves nothing
		{"heat-2012-04-02.log.txt", "#heat"},
		{"#gavel.2026-01-01-10.00.log.txt", "#gavel"},
		{"x/2020-6-10/team.log.txt", "#team"},
		{"x/2020106-10/team.log.txt", "#team"},
		{".log.txt", "#meeting"},
	} {
		if got := ChannelFromPath(tc.path); got != tc.want {
			t.Errorf("ChannelFromPath(%q) = %q, want %q", tc.path, got, tc.want)
		}
	}
}
