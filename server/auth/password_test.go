package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected hash format %q", h)
	}
	t.Run("the right password matches", func(t *testing.T) {
		if err := CheckPassword(h, "correct horse battery staple"); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a wrong password does not", func(t *testing.T) {
		if err := CheckPassword(h, "Correct horse battery staple"); !errors.Is(err, ErrMismatch) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("the same password hashes differently each time", func(t *testing.T) {
		h2, _ := HashPassword("correct horse battery staple")
		if h2 == h {
			t.Fatal("salt not random")
		}
	})
	t.Run("a malformed hash is an error, not a match", func(t *testing.T) {
		for _, bad := range []string{"", "$argon2id$", "$bcrypt$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA"} {
			if CheckPassword(bad, "x") == nil {
				t.Errorf("%q accepted", bad)
			}
		}
	})
}
