package archive

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"maps"
	"path"
	"slices"
	"strings"
)

// The recorded directory mtimes are kept one row per parent directory
// (table dir_kids): the row of "a/b" holds the names and mtimes of the
// directories directly in it, in one blob, and the archive's own mtime is
// the entry "." of the row ".". A zodbot archive of 10^5 meetings has
// some 80k date directories but only a hundred parents, so Refresh loads
// a hundred rows, and stats each child relative to its parent's open
// directory (see statDirs).

// dirKids is one parent directory's row.
type dirKids struct {
	parent string
	// blob is the row as stored: per child, sorted by name,
	// uvarint(len(name)), name, a NUL (so a name is a C string in place:
	// statting it allocates nothing), varint(mtime UnixNano).
	blob []byte
	kids []dirKid
}

// dirKid is one child: its name is blob[off:off+n].
type dirKid struct {
	off, n uint32
	mtime  int64
}

func (d *dirKids) name(i int) string {
	k := d.kids[i]
	return string(d.blob[k.off : k.off+k.n])
}

// rel is the child's path relative to the archive.
func (d *dirKids) rel(i int) string {
	if d.parent == "." {
		return d.name(i)
	}
	return d.parent + "/" + d.name(i)
}

var errBadDirKids = errors.New("archive: damaged dir_kids row")

// decodeDirKids reads a row's blob.
func decodeDirKids(parent string, blob []byte) (*dirKids, error) {
	d := &dirKids{parent: parent, blob: blob}
	for i := 0; i < len(blob); {
		n, w := binary.Uvarint(blob[i:])
		if w <= 0 || n == 0 || uint64(len(blob)-i-w) < n+1 {
			return nil, errBadDirKids
		}
		off := i + w
		end := off + int(n)
		if blob[end] != 0 {
			return nil, errBadDirKids
		}
		m, mw := binary.Varint(blob[end+1:])
		if mw <= 0 {
			return nil, errBadDirKids
		}
		d.kids = append(d.kids, dirKid{off: uint32(off), n: uint32(n), mtime: m})
		i = end + 1 + mw
	}
	return d, nil
}

// encodeDirKids is the blob of a parent's children (name → mtime).
func encodeDirKids(kids map[string]int64) []byte {
	var b []byte
	for _, name := range slices.Sorted(maps.Keys(kids)) {
		b = binary.AppendUvarint(b, uint64(len(name)))
		b = append(b, name...)
		b = append(b, 0)
		b = binary.AppendVarint(b, kids[name])
	}
	return b
}

// kidsMap is a row's children by name.
func (d *dirKids) kidsMap() map[string]int64 {
	m := make(map[string]int64, len(d.kids))
	for i, k := range d.kids {
		m[d.name(i)] = k.mtime
	}
	return m
}

// dirTable is every recorded directory, by parent.
type dirTable struct {
	rows     []*dirKids
	byParent map[string]*dirKids
}

// has reports whether the directory rel (relative to the archive) is
// recorded.
func (t *dirTable) has(rel string) bool {
	d := t.byParent[path.Dir(rel)]
	if d == nil {
		return false
	}
	name := path.Base(rel)
	_, ok := slices.BinarySearchFunc(d.kids, name, func(k dirKid, name string) int {
		return strings.Compare(string(d.blob[k.off:k.off+k.n]), name)
	})
	return ok
}

// empty reports whether no walk was recorded.
func (t *dirTable) empty() bool { return len(t.rows) == 0 }

func (a *Archive) loadDirs(ctx context.Context) (*dirTable, error) {
	rows, err := a.db.QueryContext(ctx, `SELECT parent, kids FROM dir_kids`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	t := &dirTable{byParent: map[string]*dirKids{}}
	for rows.Next() {
		var p string
		var blob []byte
		if err := rows.Scan(&p, &blob); err != nil {
			return nil, err
		}
		d, err := decodeDirKids(p, blob)
		if err != nil {
			return nil, err
		}
		t.rows = append(t.rows, d)
		t.byParent[p] = d
	}
	return t, rows.Err()
}

// saveDirs records directory mtimes (rel dir → mtime); gone directories
// (and everything under them) are forgotten first; all replaces the
// whole record. Only the rows of the parents concerned are rewritten.
func (a *Archive) saveDirs(ctx context.Context, dirs map[string]int64, gone []string, all bool) error {
	return a.writeTx(ctx, func(tx *sql.Tx) error {
		if all {
			if _, err := tx.ExecContext(ctx, `DELETE FROM dir_kids`); err != nil {
				return err
			}
		}
		return saveDirsIn(ctx, tx, dirs, gone, !all)
	})
}

// saveDirsIn writes dirs and forgets gone in tx; merge keeps the other
// children already recorded in the rows it rewrites.
func saveDirsIn(ctx context.Context, tx *sql.Tx, dirs map[string]int64, gone []string, merge bool) error {
	drop := map[string][]string{} // parent → children gone
	for _, g := range gone {
		if g == "." {
			if _, err := tx.ExecContext(ctx, `DELETE FROM dir_kids`); err != nil {
				return err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM dir_kids WHERE parent = ?1 OR (parent > ?1 || '/' AND parent < ?1 || '0')`, g); err != nil {
			return err
		}
		drop[path.Dir(g)] = append(drop[path.Dir(g)], path.Base(g))
	}
	set := map[string]map[string]int64{} // parent → child → mtime
	for rel, m := range dirs {
		p := path.Dir(rel)
		if set[p] == nil {
			set[p] = map[string]int64{}
		}
		set[p][path.Base(rel)] = m
	}
	parents := map[string]bool{}
	for p := range drop {
		parents[p] = true
	}
	for p := range set {
		parents[p] = true
	}
	for p := range parents {
		kids := map[string]int64{}
		if merge {
			var blob []byte
			err := tx.QueryRowContext(ctx, `SELECT kids FROM dir_kids WHERE parent = ?`, p).Scan(&blob)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if d, derr := decodeDirKids(p, blob); derr == nil {
				kids = d.kidsMap()
			} // a damaged row is replaced by what is known now
		}
		for _, name := range drop[p] {
			delete(kids, name)
		}
		maps.Copy(kids, set[p])
		var err error
		if len(kids) == 0 {
			_, err = tx.ExecContext(ctx, `DELETE FROM dir_kids WHERE parent = ?`, p)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO dir_kids(parent, kids) VALUES(?, ?)`, p, encodeDirKids(kids))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// migrateDirs moves the schema-8-to-11 table dirs (one row per directory) to
// dir_kids in tx, without reading the archive.
func migrateDirs(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT path, mtime FROM dirs`)
	if err != nil {
		if isNoTable(err) {
			return nil
		}
		return err
	}
	dirs := map[string]int64{}
	for rows.Next() {
		var p string
		var m int64
		if err := rows.Scan(&p, &m); err != nil {
			rows.Close()
			return err
		}
		dirs[p] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if err := saveDirsIn(ctx, tx, dirs, nil, false); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DROP TABLE dirs`)
	return err
}
