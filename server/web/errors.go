package web

import (
	"errors"
	"log/slog"

	"github.com/comptoir/comptoir/wire"
	"github.com/gofiber/fiber/v2"
)

// httpStatus maps each stable error code to its HTTP status.
var httpStatus = map[string]int{
	wire.CodeBadFrame:             fiber.StatusBadRequest,
	wire.CodeBadRequest:           fiber.StatusBadRequest,
	wire.CodeBadVersion:           fiber.StatusBadRequest,
	wire.CodeHelloRequired:        fiber.StatusBadRequest,
	wire.CodeUnauthorized:         fiber.StatusUnauthorized,
	wire.CodeInvalidCredentials:   fiber.StatusUnauthorized,
	wire.CodeTOTPRequired:         fiber.StatusUnauthorized,
	wire.CodeForbidden:            fiber.StatusForbidden,
	wire.CodeSiteNotFound:         fiber.StatusNotFound,
	wire.CodeConversationNotFound: fiber.StatusNotFound,
	wire.CodeNotFound:             fiber.StatusNotFound,
	wire.CodeRateLimited:          fiber.StatusTooManyRequests,
	wire.CodeUnsupportedFile:      fiber.StatusUnsupportedMediaType,
	wire.CodeFileTooLarge:         fiber.StatusRequestEntityTooLarge,
	wire.CodeUploadNotFound:       fiber.StatusBadRequest,
	wire.CodeInvalidEmail:         fiber.StatusBadRequest,
	wire.CodeMailUnavailable:      fiber.StatusServiceUnavailable,
	wire.CodeInternal:             fiber.StatusInternalServerError,
	wire.CodeUnavailable:          fiber.StatusServiceUnavailable,
	wire.CodeWrongStatus:          fiber.StatusConflict,
}

func badRequest(msg string) *wire.Error { return &wire.Error{Code: wire.CodeBadRequest, Message: msg} }

var (
	errUnauthorized = &wire.Error{Code: wire.CodeUnauthorized, Message: "sign in first"}
	errCSRF         = &wire.Error{Code: wire.CodeForbidden, Message: "missing or wrong X-CSRF-Token header; reload the app"}
)

// errorHandler is Fiber's error handler: every error becomes the same JSON
// shape; errors we did not name are logged and reported as internal.
func errorHandler(log *slog.Logger) fiber.ErrorHandler {
	return func(c *fiber.Ctx, err error) error {
		var we *wire.Error
		var fe *fiber.Error
		switch {
		case errors.As(err, &we):
		case errors.As(err, &fe):
			code := wire.CodeBadRequest
			switch fe.Code {
			case fiber.StatusNotFound:
				code = wire.CodeNotFound
			case fiber.StatusMethodNotAllowed:
				code = wire.CodeNotFound
			case fiber.StatusRequestEntityTooLarge:
				return c.Status(fe.Code).JSON(wire.ErrorBody{Error: *tooLarge(c.Path())}) // uploads.go
			}
			if fe.Code >= 500 {
				log.Error("request failed", "path", c.Path(), "err", err)
				code = wire.CodeInternal
			}
			c.Status(fe.Code)
			return c.JSON(wire.ErrorBody{Error: wire.Error{Code: code, Message: fe.Message}})
		default:
			log.Error("request failed", "path", c.Path(), "err", err)
			we = &wire.Error{Code: wire.CodeInternal, Message: "something went wrong on our side"}
		}
		status, ok := httpStatus[we.Code]
		if !ok {
			status = fiber.StatusInternalServerError
		}
		return c.Status(status).JSON(wire.ErrorBody{Error: *we})
	}
}
