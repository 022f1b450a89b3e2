package store

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/quick"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Every conversation read and write goes through convcache.go: a direct
// use of the bucket elsewhere is slower and skips the clone. This fails
// for any file of the package (tests excepted) naming the bucket outside
// the few places that must.
func TestConversationsOnlyThroughTheCache(t *testing.T) {
	allowed := map[string]bool{"convcache.go": true, "keys.go": true, "migrate.go": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if allowed[name] || strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == "bucketConversations" {
				t.Errorf("%s: uses bucketConversations directly; use loadConversation / storeConversation / dropConversation (convcache.go)", fset.Position(id.Pos()))
			}
			// []byte("conversations"): the bucket by another name.
			if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 1 {
				_, conversion := call.Fun.(*ast.ArrayType)
				if lit, ok := call.Args[0].(*ast.BasicLit); ok && conversion && lit.Value == `"conversations"` {
					t.Errorf("%s: names the conversations bucket; use loadConversation / storeConversation (convcache.go)", fset.Position(lit.Pos()))
				}
			}
			return true
		})
	}
}

// clone must share nothing with the original, whatever fields Conversation
// grows: every pointer, slice and map reachable from the copy must be a
// different one from the original's.
func TestConversationCloneIsDeep(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	for range 50 {
		var orig Conversation
		fill(reflect.ValueOf(&orig).Elem(), rnd, 0)
		cp := orig.clone()
		if !reflect.DeepEqual(orig, cp) {
			t.Fatalf("clone differs from the original:\n%+v\n%+v", orig, cp)
		}
		if path, shared := sharesMemory(reflect.ValueOf(orig), reflect.ValueOf(cp), "Conversation"); shared {
			t.Fatalf("clone shares %s with the original: copy it in Conversation.clone", path)
		}
	}
}

// fill sets every exported field reachable from v to a random non-zero
// value (time.Time and other structs with hidden fields by quick.Value
// where it can, else a fixed time).
func fill(v reflect.Value, rnd *rand.Rand, depth int) {
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(time.Unix(rnd.Int63n(1<<32), 0).UTC()))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), rnd, depth+1)
	case reflect.Slice:
		n := 1 + rnd.Intn(3)
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			fill(v.Index(i), rnd, depth+1)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for range 1 + rnd.Intn(3) {
			k := reflect.New(v.Type().Key()).Elem()
			fill(k, rnd, depth+1)
			e := reflect.New(v.Type().Elem()).Elem()
			fill(e, rnd, depth+1)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), rnd, depth+1)
			}
		}
	default:
		if x, ok := quick.Value(v.Type(), rnd); ok {
			v.Set(x)
		}
	}
}

// sharesMemory reports the first pointer, slice or map that a and b (equal
// values of one type) have in common.
func sharesMemory(a, b reflect.Value, path string) (string, bool) {
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() {
			return "", false
		}
		if a.Pointer() == b.Pointer() {
			return path, true
		}
		return sharesMemory(a.Elem(), b.Elem(), path)
	case reflect.Slice:
		if a.Len() == 0 {
			return "", false
		}
		if a.Pointer() == b.Pointer() {
			return path, true
		}
		for i := range a.Len() {
			if p, ok := sharesMemory(a.Index(i), b.Index(i), path+"[i]"); ok {
				return p, true
			}
		}
	case reflect.Map:
		if a.Len() == 0 {
			return "", false
		}
		if a.Pointer() == b.Pointer() {
			return path, true
		}
		for _, k := range a.MapKeys() {
			if p, ok := sharesMemory(a.MapIndex(k), b.MapIndex(k), path+"[k]"); ok {
				return p, true
			}
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if p, ok := sharesMemory(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); ok {
				return p, true
			}
		}
	case reflect.Interface:
		if !a.IsNil() {
			return sharesMemory(a.Elem(), b.Elem(), path)
		}
	}
	return "", false
}

// The cache is never stale: a change written behind its back, and a write
// rolled back with its batch, are both read as they are in the file.
func TestConversationCacheIsNeverStale(t *testing.T) {
	db := openTest(t)
	site, v := fixture(t, db)
	first, err := db.AppendMessage(NewMessage{SiteID: site.ID, VisitorID: v.ID, CID: "c1", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	id := first.Conversation.ID

	t.Run("a write behind the cache's back is seen", func(t *testing.T) {
		err := db.update(func(tx *bolt.Tx) error {
			c, err := loadConversation(tx, id)
			if err != nil {
				return err
			}
			c.Topic = "changed directly"
			if err := put(tx.Bucket(bucketConversations), itob(id), &c); err != nil {
				return err
			}
			// The hot fields live in the tail (tail.go): changed there too.
			h := hotOf(&c)
			h.Preview = "changed in the tail"
			_, err = writeTail(tx, id, h, "", 0)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Conversation(id)
		if err != nil || got.Topic != "changed directly" || got.Preview != "changed in the tail" {
			t.Fatalf("got %q %q, %v", got.Topic, got.Preview, err)
		}
		next, err := db.AppendMessage(NewMessage{ConvID: id, CID: "c2", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "again"})
		if err != nil || next.Message.Seq != 2 || next.Conversation.Preview != "again" || next.Conversation.Topic != "changed directly" {
			t.Fatalf("got %+v, %v", next, err)
		}
	})

	t.Run("a rolled back write is not seen", func(t *testing.T) {
		boom := errors.New("boom")
		err := db.update(func(tx *bolt.Tx) error {
			c, err := loadConversation(tx, id)
			if err != nil {
				return err
			}
			c.Status = StatusResolved
			c.LastSeq = 99
			if err := storeConversation(tx, &c); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		got, err := db.Conversation(id)
		if err != nil || got.Status != StatusOpen || got.LastSeq != 2 {
			t.Fatalf("got %+v, %v", got, err)
		}
		next, err := db.AppendMessage(NewMessage{ConvID: id, CID: "c3", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "third"})
		if err != nil || next.Message.Seq != 3 {
			t.Fatalf("got %+v, %v", next, err)
		}
	})

	t.Run("what a caller changes in its copy stays there", func(t *testing.T) {
		a, err := db.AppendMessage(NewMessage{ConvID: id, CID: "c4", Author: Author{Kind: AuthorVisitor, ID: v.ID}, Body: "with product"})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.update(func(tx *bolt.Tx) error {
			return setOpenConversationsProduct(tx, v.ID, &Product{Name: "Tote"})
		}); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Conversation(a.Conversation.ID)
		got.Product.Name = "scribbled"
		again, _ := db.Conversation(a.Conversation.ID)
		if again.Product == nil || again.Product.Name != "Tote" {
			t.Fatalf("got %+v", again.Product)
		}
	})
}

// sameColdFields decides whether a message may leave a conversation's
// record alone: it must see a change to every field but the hot ones
// (tail.go), whatever fields Conversation grows.
func TestSameColdFieldsSeesEveryField(t *testing.T) {
	hot := map[string]bool{}
	for i := range reflect.TypeFor[hotFields]().NumField() {
		hot[reflect.TypeFor[hotFields]().Field(i).Name] = true
	}
	rnd := rand.New(rand.NewSource(2))
	var base Conversation
	fill(reflect.ValueOf(&base).Elem(), rnd, 0)
	typ := reflect.TypeFor[Conversation]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		if _, ok := reflect.TypeFor[hotFields]().FieldByName(f.Name); ok != hot[f.Name] {
			t.Fatalf("hot field %s is not a field of Conversation", f.Name)
		}
		changed := base.clone()
		v := reflect.ValueOf(&changed).Elem().Field(i)
		for tries := 0; reflect.DeepEqual(v.Interface(), reflect.ValueOf(base).Field(i).Interface()); tries++ {
			if tries == 100 {
				t.Fatalf("cannot change %s", f.Name)
			}
			fill(v, rnd, 0)
		}
		if same := sameColdFields(&base, &changed); same != hot[f.Name] {
			if hot[f.Name] {
				t.Errorf("sameColdFields sees a change to the hot field %s", f.Name)
			} else {
				t.Errorf("sameColdFields misses a change to %s: compare it there (convcache.go), or a message would lose it", f.Name)
			}
		}
	}
}
