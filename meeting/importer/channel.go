package importer

import (
	"path/filepath"
	"strings"
)

// ChannelFromPath names the channel of a log from where it lies: a log
// filed in an archive's layout — zodbot's <channel>/<YYYY-MM-DD>/<file> or
// MeetBot's default <channel>/<YYYY>/<channel>.<date>… — takes the
// directory above the date; any other log takes the start of its file name
// ("heat-2012-04-02.log.txt" is #heat, "#x.2020-01-01-10.00.log.txt" is #x).
func ChannelFromPath(path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		abs = path
	}
	file := filepath.Base(abs)
	dateDir := filepath.Base(filepath.Dir(abs))
	chanDir := filepath.Base(filepath.Dir(filepath.Dir(abs)))
	if chanDir != "" && chanDir != "." && chanDir != string(filepath.Separator) &&
		(isDateDir(dateDir) || isYearDir(dateDir) && strings.HasPrefix(file, chanDir+".")) {
		return "#" + strings.TrimLeft(chanDir, "#")
	}
	cut := len(file)
	for i := 0; i < len(file); i++ {
		if c := file[i]; c == '.' || (c == '-' && i+1 < len(file) && isDigit(file[i+1])) {
			cut = i
			break
		}
	}
	name := strings.TrimLeft(file[:cut], "#")
	if name == "" {
		name = "meeting"
	}
	return "#" + name
}

func isYearDir(s string) bool { return len(s) == 4 && strings.Trim(s, "0123456789") == "" }

func isDateDir(s string) bool {
	return len(s) == 10 && s[4] == '-' && s[7] == '-' && isYearDir(s[:4]) && strings.Trim(s[5:7]+s[8:], "0123456789") == ""
}
