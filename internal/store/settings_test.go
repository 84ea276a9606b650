package store_test

import (
	"context"
	"testing"

	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

func TestSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, engine string) {
		db := openSmall(t, engine)
		ctx := context.Background()
		if v, err := db.Setting(ctx, store.SettingPublic); err != nil || v != "" {
			t.Fatalf("a fresh database: %q %v, want the scoreboard off", v, err)
		}
		for _, v := range []string{"1", "1", "0"} {
			if err := db.SetSetting(ctx, store.SettingWrite{Name: store.SettingPublic, Value: v, Actor: "admin"}); err != nil {
				t.Fatal(err)
			}
		}
		if v, _ := db.Setting(ctx, store.SettingPublic); v != "0" {
			t.Fatalf("setting = %q", v)
		}
		if n := countAudit(t, db, "admin"); n != 2 {
			t.Fatalf("%d audit rows, want 2 (setting it again to the same value changes nothing)", n)
		}
	})
}
