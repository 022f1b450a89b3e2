package ui

import "testing"

func TestOfflineTextsExistInEveryLanguage(t *testing.T) {
	for _, lang := range Languages {
		for k := offKey(1); k < offCount; k++ {
			if offTexts[lang][k] == "" {
				t.Errorf("%s: office-hours text %d is missing", lang, k)
			}
		}
	}
	if got := TOff("fr", offAwayBack, "{day}", "lundi", "{time}", "09:00"); got != "Nous sommes absents — de retour lundi à 09:00. Laissez un message : il nous attendra." {
		t.Fatalf("%q", got)
	}
	if TOff("xx", offSave) != "Save" {
		t.Fatal("no English fallback")
	}
}
