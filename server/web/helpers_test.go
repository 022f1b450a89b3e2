package web_test

import (
	"encoding/json"
	"io"
	"net/http"
)

func decodeJSON(res *http.Response, v any) {
	data, _ := io.ReadAll(res.Body)
	json.Unmarshal(data, v)
}
