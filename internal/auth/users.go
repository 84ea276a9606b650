package auth

import (
	"context"

	"parkpi/internal/store"
)

func userOf(r store.UserRecord) *User {
	return &User{ID: r.ID, Username: r.Username, FullName: r.FullName, Role: Role(r.Role), AgencyCode: r.AgencyCode, Disabled: r.Disabled}
}

// Users lists every account, by username.
func (s *Service) Users(ctx context.Context) ([]User, error) {
	rows, err := s.db.Users(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]User, len(rows))
	for i, r := range rows {
		out[i] = *userOf(r)
	}
	return out, nil
}

// User returns one account by id.
func (s *Service) User(ctx context.Context, id int64) (*User, error) {
	r, err := s.db.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return userOf(r), nil
}

// UserByName returns one account by username.
func (s *Service) UserByName(ctx context.Context, username string) (*User, error) {
	r, err := s.db.UserByName(ctx, NormalizeUsername(username))
	if err != nil {
		return nil, err
	}
	return userOf(r), nil
}

// fieldErrors turns the store's refusal of an account write into the
// form's field errors; other errors pass.
func fieldErrors(err error) error {
	if fe, ok := err.(store.UserFieldErrors); ok {
		out := FieldErrors{}
		for f, e := range fe {
			out[f] = e
		}
		return out
	}
	return err
}

// CreateUser adds an account, in one transaction with its audit row.
func (s *Service) CreateUser(ctx context.Context, by Actor, in NewUser) (*User, error) {
	in.Username = NormalizeUsername(in.Username)
	if fe := in.Validate(); len(fe) > 0 {
		return nil, fe
	}
	hash, err := hashPassword(in.Password) // slow: outside the write
	if err != nil {
		return nil, err
	}
	id, err := s.db.CreateUser(ctx, store.UserWrite{Username: in.Username, FullName: in.FullName, Role: string(in.Role),
		AgencyCode: in.AgencyCode, Hash: hash, Actor: by.Username, Source: by.Source})
	if err != nil {
		return nil, fieldErrors(err)
	}
	return s.User(ctx, id)
}
