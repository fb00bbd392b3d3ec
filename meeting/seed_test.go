package meeting_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/gavel-irc/gavel/meeting"
)

// TestHeatSeed checks the engine against a real MeetBot log of the Heat
// project (2012): topics, agreed items with their informal tallies, action
// owners, links and people present, as the engine issue lists them.
func TestHeatSeed(t *testing.T) {
	f, err := os.Open(filepath.Join(seeds(t), "heat-2012-04-02.log.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ms := foldLog(t, f, f.Name(), "#heat")
	if len(ms) != 1 || !ms[0].Ended() {
		t.Fatalf("%d meetings", len(ms))
	}
	min := ms[0].Minutes()
	var titles []string
	var tallies []int
	var links, agreed int
	for _, tp := range min.Topics {
		titles = append(titles, tp.Title)
		for _, it := range tp.Items {
			switch it.Type {
			case meeting.TypeAgreed:
				agreed++
				plus := 0 // a decision nobody voted on carries no tally
				if it.Tally != nil {
					plus = it.Tally.Plus
				}
				tallies = append(tallies, plus)
			case meeting.TypeLink:
				links++
			}
		}
	}
	wantTitles := []string{"Review meeting agenda", "come to agreement on first few milestones and dates",
		"2. Issues for current milestone", "4. Blocked development", "6. Architecture improvement"}
	if !reflect.DeepEqual(titles, wantTitles) {
		t.Errorf("topics %q", titles)
	}
	// Each vote counts toward one decision. Two decisions come straight
	// after another with no vote between them: funzo's "#agreed agenda
	// content is adequate for today" (21:02:54, 2 s after sdake's "#agreed
	// meeting agenda looks good" took the six +1s) and sdake's "#agreed
	// bootstrap test cases as nova/glance do" (21:26:13, after funzo's
	// "#agreed add tests for your features" took the five). Both restate the
	// decision just taken and get no votes of their own: 0, not 6 and 5.
	if agreed != 9 || !reflect.DeepEqual(tallies, []int{6, 0, 2, 6, 3, 5, 0, 0, 3}) {
		t.Errorf("%d agreed, tallies %v", agreed, tallies)
	}
	if links != 2 {
		t.Errorf("%d links", links)
	}
	owners := map[string]int{}
	for _, a := range min.Actions {
		if len(a.Owners) == 0 {
			owners["UNASSIGNED"]++
		}
		for _, o := range a.Owners {
			owners[o]++
		}
	}
	if want := map[string]int{"asalkeld": 1, "blomquisg": 1, "jpeeler": 2, "sdake": 2, "UNASSIGNED": 3}; len(min.Actions) != 7 || !reflect.DeepEqual(owners, want) {
		t.Errorf("%d actions, owners %v", len(min.Actions), owners)
	}
	want := []meeting.Person{{"funzo", 150}, {"sdake", 116}, {"asalkeld", 51}, {"Slower", 38}, {"shadower", 23},
		{"blomquisg", 17}, {"jpeeler", 6}, {"mheat-bot", 3}, {"pmyers", 0}, {"rbergeron", 0}}
	if !reflect.DeepEqual(min.People, want) {
		t.Errorf("people %v", min.People)
	}
	if min.Started.Format("2006-01-02 15:04:05") != "2012-04-02 21:00:11" {
		t.Errorf("started %v", min.Started)
	}
}
