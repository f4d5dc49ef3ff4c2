//go:build ignore

// gen writes the .eml corpus the parse tests read. Run from this directory:
//
//	go run gen.go
//
// Each message is self-contained RFC 5322; bodies in legacy charsets are
// produced with x/text encoders so the bytes are exactly what such mailers send.
package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"hash/crc32"
	"log"
	"mime/quotedprintable"
	"os"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func main() {
	for _, m := range messages() {
		if err := os.WriteFile(m.name+".eml", []byte(m.body), 0o644); err != nil {
			log.Fatal(err)
		}
	}
}

type msg struct{ name, body string }

func hdr(subject, extra string) string {
	h := "From: Alice Example <alice@example.com>\r\nTo: Bob <bob@example.org>\r\n" +
		"Date: Tue, 04 Mar 2025 10:15:00 +0100\r\nMessage-ID: <" + fmt.Sprintf("%08x", crc32.ChecksumIEEE([]byte(subject))) + "@example.com>\r\n" +
		"Subject: " + subject + "\r\nMIME-Version: 1.0\r\n"
	return h + extra
}

func enc(e encoding.Encoding, s string) string {
	b, err := e.NewEncoder().String(s)
	if err != nil {
		log.Fatalf("encode %q: %v", s, err)
	}
	return b
}

func qp(s string) string {
	var b bytes.Buffer
	w := quotedprintable.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return strings.ReplaceAll(strings.ReplaceAll(b.String(), "\r\n", "\n"), "\n", "\r\n")
}

func b64(s string) string {
	e := base64.StdEncoding.EncodeToString([]byte(s))
	var b strings.Builder
	for len(e) > 76 {
		b.WriteString(e[:76] + "\r\n")
		e = e[76:]
	}
	return b.String() + e + "\r\n"
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

const newsletterHTML = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Weekly Digest</title>
<style>body{font-family:Arial} .btn{background:#0a0;color:#fff}</style>
<script>window.track && track('open')</script></head>
<body>
<div style="display:none;max-height:0;overflow:hidden">This week: 3 new recipes &amp; a garden guide&zwnj;&nbsp;&zwnj;&nbsp;</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table width="600"><tr><td><a href="https://news.example.com/?utm=logo"><img src="https://news.example.com/logo.png" alt="Garden Weekly" width="120"></a></td></tr>
<tr><td>
<h1>Spring planting &amp; more</h1>
<p>Hello&nbsp;Bob,</p>
<p>Here is what&rsquo;s new this week in   the garden:</p>
<ul><li><b>Tomatoes</b>: start them indoors</li><li>Basil &lt;3 warmth</li><li>Read the <a href="https://news.example.com/guide">planting guide</a></li></ul>
<h2>Prices</h2>
<table border="1"><tr><th>Seed</th><th>Packet</th></tr><tr><td>Tomato</td><td>&euro;2.50</td></tr><tr><td>Basil</td><td>&euro;1.80</td></tr></table>
<p><a href="https://news.example.com/shop" class="btn">Shop now</a></p>
<p>Questions? Write to <a href="mailto:help@example.com">help@example.com</a> or visit <a href="https://news.example.com">https://news.example.com</a>.</p>
<!--[if mso]><p>Outlook-only fallback text</p><![endif]-->
<p style="font-size:11px;color:#999">You get this because you signed up. <a href="https://news.example.com/unsub?u=42">Unsubscribe</a></p>
</td></tr></table></td></tr></table>
<img src="https://t.example.com/open.gif?u=42" width="1" height="1" border="0">
<img src="https://t.example.com/pixel2.gif" style="width:0;height:0">
<span hidden>hidden-attr text</span><div aria-hidden="true">aria hidden text</div>
</body></html>
`

func messages() []msg {
	var ms []msg
	add := func(name, body string) { ms = append(ms, msg{name, body}) }

	add("01-newsletter-html-only", hdr("Garden Weekly: spring planting",
		"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")+qp(newsletterHTML))

	add("02-stub-plus-rich-html", hdr("Your March statement",
		"Content-Type: multipart/alternative; boundary=\"alt1\"\r\n\r\n")+
		"--alt1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nYour statement is ready.\r\n"+
		"--alt1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"+crlf(`<html><body><h2>Statement for March 2025</h2>
<p>Dear Bob, your statement for the period 1&ndash;31 March is ready. Your balance is <b>&euro;1,234.56</b>, due on 15 April.</p>
<table><tr><th>Date</th><th>Description</th><th>Amount</th></tr>
<tr><td>03/03</td><td>Coffee shop</td><td>&euro;3.20</td></tr>
<tr><td>05/03</td><td>Train ticket</td><td>&euro;42.00</td></tr>
<tr><td>12/03</td><td>Bookstore</td><td>&euro;18.90</td></tr></table>
<p>Pay online at <a href="https://bank.example.com/pay">our payment page</a>. Thank you for banking with us.</p>
</body></html>
`)+"--alt1--\r\n")

	add("03-view-in-browser-shell", hdr("Flash sale: 40% off today only",
		"Content-Type: multipart/alternative; boundary=\"b2\"\r\n\r\n")+
		"--b2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"+crlf(`Having trouble? View this email in your browser:
https://shop.example.com/v/8812

Unsubscribe: https://shop.example.com/u/8812
`)+"--b2\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"+qp(`<html><body>
<p><a href="https://shop.example.com/v/8812">View in browser</a></p>
<h1>40% off everything</h1>
<p>Today only: use code <strong>SPRING40</strong> at checkout. Free shipping on orders over $50.</p>
<ol><li>Pick your favourites</li><li>Enter the code</li><li>Enjoy</li></ol>
<p><a href="https://shop.example.com/sale">Shop the sale</a></p>
</body></html>
`)+"--b2--\r\n")

	add("04-latin1", hdr("=?ISO-8859-1?Q?R=E9union_de_l'=E9quipe?=",
		"Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")+
		qp(enc(charmap.ISO8859_1, "Bonjour à tous,\n\nLa réunion aura lieu jeudi à 14h dans la salle « Étoile ».\nÇa vous va ? Merci de répondre avant mercredi.\n\nFrançoise\n")))

	add("05-windows-1252-smart-quotes", hdr("Quotes test",
		"Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")+
		crlf(enc(charmap.Windows1252, "He said \u201cit\u2019s done\u201d \u2013 the invoice is \u20ac120\u2026\nSee you \u2018soon\u2019.\n")))

	add("06-shift-jis", hdr("=?ISO-2022-JP?B?"+base64.StdEncoding.EncodeToString([]byte(enc(japanese.ISO2022JP, "会議のお知らせ")))+"?=",
		"Content-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: base64\r\n\r\n")+
		b64(enc(japanese.ShiftJIS, "山田様\n\nいつもお世話になっております。\n来週の会議は三月十日（月）午後二時からです。\nよろしくお願いいたします。\n\n佐藤\n")))

	add("07-euc-kr", hdr("=?EUC-KR?B?"+base64.StdEncoding.EncodeToString([]byte(enc(korean.EUCKR, "회의 안내")))+"?=",
		"Content-Type: text/plain; charset=EUC-KR\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")+
		crlf(enc(korean.EUCKR, "안녕하세요,\n\n다음 주 회의는 화요일 오전 10시입니다.\n감사합니다.\n")))

	add("08-gb2312", hdr("=?GB2312?B?"+base64.StdEncoding.EncodeToString([]byte(enc(simplifiedchinese.GBK, "会议通知")))+"?=",
		"Content-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: base64\r\n\r\n")+
		b64(enc(simplifiedchinese.GBK, "各位同事：\n\n本周五下午三点在三楼会议室开会，请准时参加。\n谢谢！\n")))

	add("09-koi8-r", hdr("=?koi8-r?Q?"+strings.TrimSpace(strings.ReplaceAll(qp(enc(charmap.KOI8R, "Отчёт")), " ", "_"))+"?=",
		"Content-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")+
		crlf(enc(charmap.KOI8R, "Здравствуйте!\n\nОтчёт за квартал во вложении. Ёлки зелёные.\n\nС уважением,\nИван\n")))

	add("10-iso-8859-15", hdr("Prix en euros",
		"Content-Type: text/plain; charset=ISO-8859-15\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")+
		qp(enc(charmap.ISO8859_15, "Le menu « Œuf cocotte » coûte 12 € ; Š et Ž aussi.\n")))

	add("11-charset-label-utf8", hdr("Label utf8",
		"Content-Type: text/plain; charset=utf8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")+
		crlf("Grüße aus München — naïve café.\n"))

	add("12-charset-label-x-unknown", hdr("Label x-unknown",
		"Content-Type: text/plain; charset=x-unknown\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")+
		crlf(enc(charmap.Windows1252, "Señor Muñoz, the café opens at 8 — “welcome”.\n")))

	add("13-charset-label-latin1", hdr("Label latin1",
		"Content-Type: text/plain; charset=\"latin1\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")+
		crlf(enc(charmap.ISO8859_1, "Smörgåsbord für Jürgen, 5 °C.\n")))

	add("14-undeclared-8bit", "From: J\xfcrgen M\xfcller <jm@example.de>\r\nTo: bob@example.org\r\nDate: Tue, 04 Mar 2025 10:15:00 +0100\r\n"+
		"Subject: Gr\xfc\xdfe ohne Kodierung\r\nMessage-ID: <undeclared@example.de>\r\n\r\n"+
		crlf(enc(charmap.ISO8859_1, "Hallo Bob,\n\nschöne Grüße aus Köln. Das Büro ist geschlossen.\n")))

	add("15-invalid-utf8", hdr("Broken bytes",
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")+
		"Valid caf\xc3\xa9, then broken \xff\xfe bytes, a truncated \xe6\x97 sequence, and the end.\r\n")

	add("16-rfc2047-subjects", "From: =?UTF-8?B?5bGx55Sw5aSq6YOO?= <taro@example.jp>\r\n"+
		"To: =?ISO-8859-1?Q?Andr=E9?= <andre@example.fr>, \"Doe, Jane\" <jane@example.com>\r\n"+
		"Cc: =?utf-8?q?Ren=C3=A9e_?= =?utf-8?q?Dupr=C3=A9?= <renee@example.fr>\r\n"+
		"Date: Tue, 4 Mar 2025 10:15:00 +0100 (CET)\r\nMessage-ID: <rfc2047@example.jp>\r\n"+
		"Subject: =?UTF-8?Q?Caf=C3=A9?= and =?ISO-8859-1?B?Y2Fm6Q==?=\r\n =?UTF-8?B?5pel?=\r\n =?UTF-8?B?5pys?= =?UTF-8?Q?=E8=AA?= =?UTF-8?Q?=9E?= =?koi8-r?b?8NLJ18XU?=\r\n"+
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee subject.\r\n")

	add("17-rfc2231-filename", hdr("Report attached",
		"Content-Type: multipart/mixed; boundary=\"mix\"\r\n\r\n")+
		"--mix\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe report is attached.\r\n"+
		"--mix\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"+
		"Content-Disposition: attachment;\r\n filename*0*=UTF-8''Rapport%20annuel%20%C3%A9;\r\n filename*1*=t%C3%A9%202024%20%E2%80%94%20;\r\n filename*2=\"final.pdf\"\r\n\r\n"+
		b64("%PDF-1.4\n% fake pdf for tests\n")+
		"--mix\r\nContent-Type: text/csv; name*=iso-8859-1'fr'donn%E9es.csv\r\nContent-Disposition: attachment\r\n\r\na,b\r\n1,2\r\n"+
		"--mix\r\nContent-Type: application/octet-stream; name=\"=?UTF-8?B?44OV44Kh44Kk44OrLmJpbg==?=\"\r\nContent-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\n"+b64("\x00\x01\x02")+
		"--mix--\r\n")

	add("18-nested-mixed-alt-related", hdr("Trip photos and itinerary",
		"Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n")+
		"--outer\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"+
		"--alt\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"+
		qp("Hi Bob,\n\nHere is the itinerary for our trip to Lisbon, with a photo of the hotel.\nWe land at 09:40 on Friday and take the train to the centre.\nThe PDF has the booking numbers.\n\nAlice\n")+
		"--alt\r\nContent-Type: multipart/related; boundary=\"rel\"; type=\"text/html\"\r\n\r\n"+
		"--rel\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"+
		crlf("<p>Hi Bob,</p><p>Here is the itinerary for our trip to <b>Lisbon</b>, with a photo of the hotel.</p><p><img src=\"cid:hotel@example.com\" alt=\"Hotel\"></p><p>We land at 09:40 on Friday and take the train to the centre.<br>The PDF has the booking numbers.</p><p>Alice</p>\n")+
		"--rel\r\nContent-Type: image/jpeg\r\nContent-ID: <hotel@example.com>\r\nContent-Transfer-Encoding: base64\r\n\r\n"+b64("\xff\xd8\xff\xe0fakejpeg")+
		"--rel--\r\n--alt--\r\n"+
		"--outer\r\nContent-Type: application/pdf; name=\"itinerary.pdf\"\r\nContent-Disposition: attachment; filename=\"itinerary.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"+b64("%PDF-1.4 itinerary")+
		"--outer--\r\n")

	add("19-inline-cid-image", hdr("Logo inline",
		"Content-Type: multipart/related; boundary=\"r\"; start=\"<body@x>\"\r\n\r\n")+
		"--r\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\nContent-Disposition: inline; filename=\"logo.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"+b64("\x89PNG\r\n\x1a\nfake")+
		"--r\r\nContent-Type: text/html; charset=utf-8\r\nContent-ID: <body@x>\r\n\r\n"+
		crlf("<html><body><p><img src=\"cid:logo@x\" alt=\"ACME Corp\"></p><p>Welcome to ACME &mdash; your account is ready.</p></body></html>\n")+
		"--r--\r\n")

	add("20-message-rfc822-attachment", hdr("Fwd: the original",
		"Content-Type: multipart/mixed; boundary=\"fw\"\r\n\r\n")+
		"--fw\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the attached message.\r\n"+
		"--fw\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n"+
		"From: Carol <carol@example.net>\r\nTo: alice@example.com\r\nSubject: =?UTF-8?Q?Budget_r=C3=A9vis=C3=A9?=\r\nDate: Mon, 03 Mar 2025 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe inner body must not appear in the outer text.\r\n"+
		"--fw--\r\n")

	var big strings.Builder
	for i := 0; big.Len() < 300*1024; i++ {
		fmt.Fprintf(&big, "Line %05d: the quick brown fox jumps over the lazy dog — naïve café %d.\n", i, i*7)
	}
	add("21-large-300k", hdr("Server log export",
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n")+b64(big.String()))

	add("22-calendar-invite", hdr("Invitation: Design review @ Thu 6 Mar 2025 14:00",
		"Content-Type: multipart/mixed; boundary=\"cm\"\r\n\r\n")+
		"--cm\r\nContent-Type: multipart/alternative; boundary=\"ca\"\r\n\r\n"+
		"--ca\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"+crlf("You have been invited to the following event.\n\nDesign review\nWhen: Thursday 6 March 2025 14:00 – 15:00 (CET)\nWhere: Room 4.2\nJoining: https://meet.example.com/abc-defg-hij\n")+
		"--ca\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"+crlf("<p>You have been invited to the following event.</p><h3>Design review</h3><p>When: Thursday 6 March 2025 14:00 &ndash; 15:00 (CET)<br>Where: Room 4.2</p>\n")+
		"--ca\r\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\r\n\r\n"+crlf("BEGIN:VCALENDAR\nMETHOD:REQUEST\nBEGIN:VEVENT\nSUMMARY:Design review\nDTSTART:20250306T130000Z\nEND:VEVENT\nEND:VCALENDAR\n")+
		"--ca--\r\n"+
		"--cm\r\nContent-Type: application/ics; name=\"invite.ics\"\r\nContent-Disposition: attachment; filename=\"invite.ics\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"+b64("BEGIN:VCALENDAR\nEND:VCALENDAR\n")+
		"--cm--\r\n")

	add("23-qp-soft-breaks", hdr("Soft breaks",
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")+
		"This paragraph is long enough that the encoder had to wrap it with soft li=\r\nne breaks, even in the middle of a multi-byte character like =E6=97=\r\n=A5 and =C3=\r\n=A9, and an equals sign =3D stays.\r\nLast line.=\r\n")

	add("24-base64-text", hdr("Base64 body",
		"Content-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")+
		b64("Ce message est encodé en base64.\nZweite Zeile: Größe.\n"))

	add("25-multiple-text-parts", hdr("Notes with a picture in the middle",
		"Content-Type: multipart/mixed; boundary=\"mm\"\r\n\r\n")+
		"--mm\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: inline\r\n\r\nFirst part of my notes, before the picture.\r\n"+
		"--mm\r\nContent-Type: image/png\r\nContent-Disposition: inline\r\nContent-Transfer-Encoding: base64\r\n\r\n"+b64("\x89PNGfake")+
		"--mm\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Disposition: inline\r\n\r\n"+enc(charmap.ISO8859_1, "Second part, after the picture: voilà.\r\n")+
		"--mm\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Disposition: attachment; filename=\"notes.txt\"\r\n\r\nAttached text file, not body.\r\n"+
		"--mm--\r\n")

	add("26-empty-body", hdr("(no body)", "Content-Type: text/plain; charset=utf-8\r\n\r\n"))

	add("27-reply-on-wrote", hdr("Re: Lunch on Friday?",
		"In-Reply-To: <lunch-1@example.org>\r\nReferences: <lunch-0@example.org>\r\n <lunch-1@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")+
		crlf(`Friday works for me. Shall we say 12:30 at the usual place?

Alice

On Mon, Mar 3, 2025 at 4:12 PM Bob Jones <bob@example.org>
wrote:

> Are you free for lunch on Friday?
>
> On Mon, Mar 3, 2025 at 9:00 AM Alice Example <alice@example.com> wrote:
>> Let's catch up soon.
`))

	add("28-outlook-reply", hdr("RE: Budget 2025",
		"Thread-Index: AdmBudget\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")+
		crlf(`Hi Carol,

Approved. Please send the final version to finance.

Regards,
Alice

-----Original Message-----
From: Carol <carol@example.net>
Sent: Monday, March 3, 2025 9:00 AM
To: Alice Example <alice@example.com>
Subject: Budget 2025

Please approve the attached budget.
`))

	add("29-forwarded-gmail", hdr("Fwd: Venue booking",
		"Content-Type: text/plain; charset=utf-8\r\n\r\n")+
		crlf(`FYI, see below.

---------- Forwarded message ---------
From: Venue Team <events@venue.example>
Date: Mon, Mar 3, 2025 at 8:00 AM
Subject: Venue booking
To: Alice Example <alice@example.com>

Your booking for 20 March is confirmed.
`))

	add("30-french-reply-html", hdr("Re: =?UTF-8?Q?Pr=C3=A9sentation?=",
		"Content-Type: multipart/alternative; boundary=\"fr\"\r\n\r\n")+
		"--fr\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"+
		qp("Merci, c'est parfait pour moi.\n\nLe mar. 4 mars 2025 à 09:12, Jean Dupont <jean@example.fr> a\nécrit :\n\n> Voici la présentation pour jeudi.\n> Bonne journée\n")+
		"--fr\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"+
		crlf("<div>Merci, c'est parfait pour moi.</div><br><div class=\"gmail_quote\">Le mar. 4 mars 2025 à 09:12, Jean Dupont &lt;jean@example.fr&gt; a écrit :<blockquote>Voici la présentation pour jeudi.<br>Bonne journée</blockquote></div>\n")+
		"--fr--\r\n")

	add("31-format-flowed", hdr("Flowed text",
		"Content-Type: text/plain; charset=utf-8; format=flowed; delsp=no\r\n\r\n")+
		"This is a long paragraph that a mail client wrapped for transport \r\nbut which is really one line, as format=flowed says.\r\n\r\n> A quoted flowed \r\n> line too.\r\n")

	add("32-broken-addresses", "From: Doe, John <john.doe@example.com>\r\n"+
		"To: undisclosed-recipients:;\r\nCc: Smith, Anna <anna@example.com>, plain@example.com, Bad Name bad@example.com\r\n"+
		"Reply-To: <replies@example.com>\r\nDate: 4 Mar 2025 10:15:00 +0100\r\nSubject: Broken headers\r\nMessage-ID: <broken@example.com>\r\n"+
		"Content-Type: text/plain\r\n\r\nBody of a message with broken address lists.\r\n")

	add("33-html-charset-meta-only", hdr("Windows-1251 via meta",
		"Content-Type: text/html\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")+
		crlf("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><body><p>"+enc(charmap.Windows1251, "Привет, мир! Цена: 100 руб. — «скидка»")+"</p></body></html>\n"))
	return ms
}
