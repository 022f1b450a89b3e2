package ui

// UI text of the conversation tools (docs/agents.md): typing, receipts,
// private notes, labels, complaint reasons, promises, confirmation and the
// emoji picker, in the five languages. init merges it into the catalogue,
// whose completeness test covers it too.

// Keys of the conversation tools' text.
const (
	KStatusAwaiting      Key = "status.awaiting"
	KPropose             Key = "convo.propose"
	KProposeHint         Key = "convo.propose.hint"
	KConfirmed           Key = "convo.confirmed"
	KUnconfirmed         Key = "convo.unconfirmed"
	KTypingWho           Key = "convo.typing"
	KDelivered           Key = "convo.delivered"
	KSeen                Key = "convo.seen"
	KNote                Key = "convo.note"
	KReplyMode           Key = "convo.mode.reply"
	KNoteMode            Key = "convo.mode.note"
	KAddNote             Key = "convo.note.add"
	KNoteHint            Key = "convo.note.hint"
	KLabels              Key = "convo.labels"
	KAddLabel            Key = "convo.labels.add"
	KRemoveLabel         Key = "convo.labels.remove"
	KAdd                 Key = "convo.add"
	KReasonTitle         Key = "convo.reason"
	KNoReason            Key = "convo.reason.none"
	KPromiseTitle        Key = "convo.promise"
	KPromiseWhat         Key = "convo.promise.what"
	KPromiseDue          Key = "convo.promise.due"
	KPromiseChannel      Key = "convo.promise.channel"
	KChannelChat         Key = "convo.channel.chat"
	KChannelEmail        Key = "convo.channel.email"
	KPromiseSave         Key = "convo.promise.save"
	KPromiseKept         Key = "convo.promise.kept"
	KPromiseDueAt        Key = "convo.promise.dueat"
	KLate                Key = "convo.late"
	KPromisedBy          Key = "convo.promise.by"
	KEmoji               Key = "convo.emoji"
	KEmojis              Key = "convo.emojis"
	KReasonDelivery      Key = "reason.delivery"
	KReasonProductDefect Key = "reason.product_defect"
	KReasonRefund        Key = "reason.refund"
	KReasonPayment       Key = "reason.payment"
	KReasonOrderChange   Key = "reason.order_change"
	KReasonAccount       Key = "reason.account"
	KReasonOther         Key = "reason.other"
	KConvoSettings       Key = "convo.settings"
	KReasonsList         Key = "convo.settings.reasons"
	KReasonsHint         Key = "convo.settings.reasons.hint"
	KAutoAck             Key = "convo.settings.autoack"
	KAutoAckText         Key = "convo.settings.autoack.text"
	KConfirmHours        Key = "convo.settings.hours"
	KSettingsSaved       Key = "convo.settings.saved"
)

var convoCatalogue = map[string]map[Key]string{
	"en": {
		KConvoSettings: "Conversation settings", KReasonsList: "Complaint reasons, one per line",
		KReasonsHint: "delivery, product_defect, refund, payment, order_change, account and other are shown in each agent's language; other reasons as written.",
		KAutoAck:     "Acknowledge a new conversation automatically", KAutoAckText: "Acknowledgement in %s (empty: the default text)",
		KConfirmHours: "Hours before an unanswered confirmation closes (0: 24)", KSettingsSaved: "Saved",
		KStatusAwaiting: "Awaiting confirmation", KPropose: "Ask to confirm",
		KProposeHint: "Ask the shopper whether this solved the problem", KConfirmed: "Confirmed by the shopper",
		KUnconfirmed: "Closed without an answer", KTypingWho: "%s is typing…", KDelivered: "Delivered", KSeen: "Seen",
		KNote: "Private note", KReplyMode: "Reply", KNoteMode: "Private note", KAddNote: "Add note",
		KNoteHint: "Only agents see private notes", KLabels: "Labels", KAddLabel: "Add a label", KRemoveLabel: "Remove label %s",
		KAdd: "Add", KReasonTitle: "Complaint reason", KNoReason: "None", KPromiseTitle: "Follow-up promise",
		KPromiseWhat: "What will you send?", KPromiseDue: "By when", KPromiseChannel: "How",
		KChannelChat: "In the chat", KChannelEmail: "By email", KPromiseSave: "Promise", KPromiseKept: "Mark as kept",
		KPromiseDueAt: "Due %s", KLate: "Late", KPromisedBy: "%s promised: %s", KEmoji: "Insert an emoji", KEmojis: "Emoji",
		KReasonDelivery: "Delivery", KReasonProductDefect: "Product defect", KReasonRefund: "Refund",
		KReasonPayment: "Payment", KReasonOrderChange: "Order change", KReasonAccount: "Account", KReasonOther: "Other",
	},
	"fr": {
		KConvoSettings: "Réglages des conversations", KReasonsList: "Motifs de réclamation, un par ligne",
		KReasonsHint: "delivery, product_defect, refund, payment, order_change, account et other s’affichent dans la langue de chaque agent ; les autres motifs tels qu’écrits.",
		KAutoAck:     "Accuser réception d’une nouvelle conversation automatiquement", KAutoAckText: "Accusé de réception en %s (vide : le texte par défaut)",
		KConfirmHours: "Heures avant qu’une confirmation sans réponse se ferme (0 : 24)", KSettingsSaved: "Enregistré",
		KStatusAwaiting: "En attente de confirmation", KPropose: "Demander confirmation",
		KProposeHint: "Demander au client si cela a résolu le problème", KConfirmed: "Confirmé par le client",
		KUnconfirmed: "Fermé sans réponse", KTypingWho: "%s écrit…", KDelivered: "Remis", KSeen: "Vu",
		KNote: "Note privée", KReplyMode: "Réponse", KNoteMode: "Note privée", KAddNote: "Ajouter la note",
		KNoteHint: "Seuls les agents voient les notes privées", KLabels: "Étiquettes", KAddLabel: "Ajouter une étiquette", KRemoveLabel: "Retirer l’étiquette %s",
		KAdd: "Ajouter", KReasonTitle: "Motif de la réclamation", KNoReason: "Aucun", KPromiseTitle: "Promesse de suivi",
		KPromiseWhat: "Qu’allez-vous envoyer ?", KPromiseDue: "Pour quand", KPromiseChannel: "Comment",
		KChannelChat: "Dans le chat", KChannelEmail: "Par e-mail", KPromiseSave: "Promettre", KPromiseKept: "Marquer comme tenue",
		KPromiseDueAt: "Échéance %s", KLate: "En retard", KPromisedBy: "%s a promis : %s", KEmoji: "Insérer un emoji", KEmojis: "Emoji",
		KReasonDelivery: "Livraison", KReasonProductDefect: "Produit défectueux", KReasonRefund: "Remboursement",
		KReasonPayment: "Paiement", KReasonOrderChange: "Modification de commande", KReasonAccount: "Compte", KReasonOther: "Autre",
	},
	"it": {
		KConvoSettings: "Impostazioni delle conversazioni", KReasonsList: "Motivi di reclamo, uno per riga",
		KReasonsHint: "delivery, product_defect, refund, payment, order_change, account e other sono mostrati nella lingua di ogni agente; gli altri motivi come scritti.",
		KAutoAck:     "Conferma automaticamente la ricezione di una nuova conversazione", KAutoAckText: "Conferma di ricezione in %s (vuoto: il testo predefinito)",
		KConfirmHours: "Ore prima che una conferma senza risposta si chiuda (0: 24)", KSettingsSaved: "Salvato",
		KStatusAwaiting: "In attesa di conferma", KPropose: "Chiedi conferma",
		KProposeHint: "Chiedi al cliente se il problema è risolto", KConfirmed: "Confermato dal cliente",
		KUnconfirmed: "Chiuso senza risposta", KTypingWho: "%s sta scrivendo…", KDelivered: "Consegnato", KSeen: "Visto",
		KNote: "Nota privata", KReplyMode: "Risposta", KNoteMode: "Nota privata", KAddNote: "Aggiungi nota",
		KNoteHint: "Solo gli agenti vedono le note private", KLabels: "Etichette", KAddLabel: "Aggiungi un’etichetta", KRemoveLabel: "Rimuovi l’etichetta %s",
		KAdd: "Aggiungi", KReasonTitle: "Motivo del reclamo", KNoReason: "Nessuno", KPromiseTitle: "Promessa di seguito",
		KPromiseWhat: "Cosa invierai?", KPromiseDue: "Entro quando", KPromiseChannel: "Come",
		KChannelChat: "In chat", KChannelEmail: "Via email", KPromiseSave: "Prometti", KPromiseKept: "Segna come mantenuta",
		KPromiseDueAt: "Scadenza %s", KLate: "In ritardo", KPromisedBy: "%s ha promesso: %s", KEmoji: "Inserisci un emoji", KEmojis: "Emoji",
		KReasonDelivery: "Consegna", KReasonProductDefect: "Prodotto difettoso", KReasonRefund: "Rimborso",
		KReasonPayment: "Pagamento", KReasonOrderChange: "Modifica dell’ordine", KReasonAccount: "Account", KReasonOther: "Altro",
	},
	"es": {
		KConvoSettings: "Ajustes de las conversaciones", KReasonsList: "Motivos de reclamación, uno por línea",
		KReasonsHint: "delivery, product_defect, refund, payment, order_change, account y other se muestran en el idioma de cada agente; los demás motivos tal como se escriben.",
		KAutoAck:     "Acusar recibo de una nueva conversación automáticamente", KAutoAckText: "Acuse de recibo en %s (vacío: el texto predeterminado)",
		KConfirmHours: "Horas antes de que se cierre una confirmación sin respuesta (0: 24)", KSettingsSaved: "Guardado",
		KStatusAwaiting: "Pendiente de confirmación", KPropose: "Pedir confirmación",
		KProposeHint: "Preguntar al cliente si esto resolvió el problema", KConfirmed: "Confirmado por el cliente",
		KUnconfirmed: "Cerrado sin respuesta", KTypingWho: "%s está escribiendo…", KDelivered: "Entregado", KSeen: "Visto",
		KNote: "Nota privada", KReplyMode: "Respuesta", KNoteMode: "Nota privada", KAddNote: "Añadir nota",
		KNoteHint: "Solo los agentes ven las notas privadas", KLabels: "Etiquetas", KAddLabel: "Añadir una etiqueta", KRemoveLabel: "Quitar la etiqueta %s",
		KAdd: "Añadir", KReasonTitle: "Motivo de la reclamación", KNoReason: "Ninguno", KPromiseTitle: "Promesa de seguimiento",
		KPromiseWhat: "¿Qué enviará?", KPromiseDue: "Para cuándo", KPromiseChannel: "Cómo",
		KChannelChat: "En el chat", KChannelEmail: "Por correo", KPromiseSave: "Prometer", KPromiseKept: "Marcar como cumplida",
		KPromiseDueAt: "Vence %s", KLate: "Con retraso", KPromisedBy: "%s prometió: %s", KEmoji: "Insertar un emoji", KEmojis: "Emoji",
		KReasonDelivery: "Entrega", KReasonProductDefect: "Producto defectuoso", KReasonRefund: "Reembolso",
		KReasonPayment: "Pago", KReasonOrderChange: "Cambio de pedido", KReasonAccount: "Cuenta", KReasonOther: "Otro",
	},
	"de": {
		KConvoSettings: "Einstellungen der Unterhaltungen", KReasonsList: "Reklamationsgründe, einer pro Zeile",
		KReasonsHint: "delivery, product_defect, refund, payment, order_change, account und other erscheinen in der Sprache jedes Agenten; andere Gründe wie geschrieben.",
		KAutoAck:     "Eingang einer neuen Unterhaltung automatisch bestätigen", KAutoAckText: "Eingangsbestätigung auf %s (leer: der Standardtext)",
		KConfirmHours: "Stunden, bis eine unbeantwortete Bestätigung schließt (0: 24)", KSettingsSaved: "Gespeichert",
		KStatusAwaiting: "Wartet auf Bestätigung", KPropose: "Bestätigung erbitten",
		KProposeHint: "Den Kunden fragen, ob das Problem gelöst ist", KConfirmed: "Vom Kunden bestätigt",
		KUnconfirmed: "Ohne Antwort geschlossen", KTypingWho: "%s schreibt…", KDelivered: "Zugestellt", KSeen: "Gesehen",
		KNote: "Private Notiz", KReplyMode: "Antwort", KNoteMode: "Private Notiz", KAddNote: "Notiz hinzufügen",
		KNoteHint: "Nur Agenten sehen private Notizen", KLabels: "Labels", KAddLabel: "Label hinzufügen", KRemoveLabel: "Label %s entfernen",
		KAdd: "Hinzufügen", KReasonTitle: "Reklamationsgrund", KNoReason: "Keiner", KPromiseTitle: "Zusage zur Nachverfolgung",
		KPromiseWhat: "Was werden Sie senden?", KPromiseDue: "Bis wann", KPromiseChannel: "Wie",
		KChannelChat: "Im Chat", KChannelEmail: "Per E-Mail", KPromiseSave: "Zusagen", KPromiseKept: "Als eingehalten markieren",
		KPromiseDueAt: "Fällig %s", KLate: "Überfällig", KPromisedBy: "%s hat zugesagt: %s", KEmoji: "Emoji einfügen", KEmojis: "Emoji",
		KReasonDelivery: "Lieferung", KReasonProductDefect: "Produktmangel", KReasonRefund: "Erstattung",
		KReasonPayment: "Zahlung", KReasonOrderChange: "Bestelländerung", KReasonAccount: "Konto", KReasonOther: "Sonstiges",
	},
}

func init() {
	for lang, table := range convoCatalogue {
		for k, v := range table {
			catalogue[lang][k] = v
		}
	}
}

// ReasonLabel names a complaint reason: the default codes in the UI
// language, reasons an admin added as typed.
func ReasonLabel(l Lang, reason string) string {
	k := Key("reason." + reason)
	if _, ok := catalogue["en"][k]; ok {
		return l.T(k)
	}
	return reason
}
