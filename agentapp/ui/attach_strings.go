package ui

// UI text of attachments, in the five languages. Kept apart from
// strings.go so the feature's text stays together; init merges it into the
// catalogue, whose completeness test covers it too.

// Keys of the attachment text.
const (
	KAttach               Key = "attach.button"
	KAttachments          Key = "attach.list"
	KUploading            Key = "attach.uploading"
	KRemoveFile           Key = "attach.remove"
	KErrUnsupportedFile   Key = "attach.err.type"
	KErrFileTooLarge      Key = "attach.err.size"
	KErrTooManyFiles      Key = "attach.err.count"
	KErrUploadRateLimited Key = "attach.err.rate"
	KErrUploadFailed      Key = "attach.err.failed"
	KErrWaitUpload        Key = "attach.err.wait"
)

var attachCatalogue = map[string]map[Key]string{
	"en": {
		KAttach:               "Attach a file",
		KAttachments:          "Attachments",
		KUploading:            "Uploading…",
		KRemoveFile:           "Remove %s",
		KErrUnsupportedFile:   "“%s” can’t be sent: only images (PNG, JPEG, GIF, WebP) and PDF files are accepted.",
		KErrFileTooLarge:      "“%s” is too large: files are limited to 10 MB.",
		KErrTooManyFiles:      "A message can carry up to %d files.",
		KErrUploadRateLimited: "You have sent many files. Please try again later.",
		KErrUploadFailed:      "“%s” could not be uploaded. Please try again.",
		KErrWaitUpload:        "Please wait until the files are uploaded.",
	},
	"fr": {
		KAttach:               "Joindre un fichier",
		KAttachments:          "Pièces jointes",
		KUploading:            "Envoi du fichier…",
		KRemoveFile:           "Retirer %s",
		KErrUnsupportedFile:   "« %s » ne peut pas être envoyé : seuls les images (PNG, JPEG, GIF, WebP) et les fichiers PDF sont acceptés.",
		KErrFileTooLarge:      "« %s » est trop volumineux : les fichiers sont limités à 10 Mo.",
		KErrTooManyFiles:      "Un message peut contenir jusqu’à %d fichiers.",
		KErrUploadRateLimited: "Vous avez envoyé beaucoup de fichiers. Réessayez plus tard.",
		KErrUploadFailed:      "« %s » n’a pas pu être envoyé. Veuillez réessayer.",
		KErrWaitUpload:        "Patientez jusqu’à la fin de l’envoi des fichiers.",
	},
	"it": {
		KAttach:               "Allega un file",
		KAttachments:          "Allegati",
		KUploading:            "Caricamento del file…",
		KRemoveFile:           "Rimuovi %s",
		KErrUnsupportedFile:   "«%s» non può essere inviato: sono accettati solo immagini (PNG, JPEG, GIF, WebP) e file PDF.",
		KErrFileTooLarge:      "«%s» è troppo grande: i file sono limitati a 10 MB.",
		KErrTooManyFiles:      "Un messaggio può contenere fino a %d file.",
		KErrUploadRateLimited: "Hai inviato molti file. Riprova più tardi.",
		KErrUploadFailed:      "Impossibile caricare «%s». Riprova.",
		KErrWaitUpload:        "Attendi il termine del caricamento dei file.",
	},
	"es": {
		KAttach:               "Adjuntar un archivo",
		KAttachments:          "Archivos adjuntos",
		KUploading:            "Subiendo…",
		KRemoveFile:           "Quitar %s",
		KErrUnsupportedFile:   "«%s» no se puede enviar: solo se aceptan imágenes (PNG, JPEG, GIF, WebP) y archivos PDF.",
		KErrFileTooLarge:      "«%s» es demasiado grande: los archivos están limitados a 10 MB.",
		KErrTooManyFiles:      "Un mensaje puede llevar hasta %d archivos.",
		KErrUploadRateLimited: "Has enviado muchos archivos. Inténtalo más tarde.",
		KErrUploadFailed:      "No se pudo subir «%s». Inténtalo de nuevo.",
		KErrWaitUpload:        "Espera a que terminen de subirse los archivos.",
	},
	"de": {
		KAttach:               "Datei anhängen",
		KAttachments:          "Anhänge",
		KUploading:            "Wird hochgeladen…",
		KRemoveFile:           "%s entfernen",
		KErrUnsupportedFile:   "„%s“ kann nicht gesendet werden: Nur Bilder (PNG, JPEG, GIF, WebP) und PDF-Dateien sind erlaubt.",
		KErrFileTooLarge:      "„%s“ ist zu groß: Dateien dürfen höchstens 10 MB haben.",
		KErrTooManyFiles:      "Eine Nachricht kann bis zu %d Dateien enthalten.",
		KErrUploadRateLimited: "Sie haben viele Dateien gesendet. Bitte versuchen Sie es später erneut.",
		KErrUploadFailed:      "„%s“ konnte nicht hochgeladen werden. Bitte versuchen Sie es erneut.",
		KErrWaitUpload:        "Bitte warten Sie, bis die Dateien hochgeladen sind.",
	},
}

func init() {
	for lang, table := range attachCatalogue {
		for k, v := range table {
			catalogue[lang][k] = v
		}
	}
}
