// One message as a Telegram bubble: sender, photo, document, location, text with entities,
// "edited" and the time, and its inline keyboard.

import { api } from "./api.js";
import { button, clock, el, fileSize } from "./dom.js";
import { icon } from "./icons.js";
import { safeUrl, renderText } from "./text.js";

function media(message, bubble, t, describeLocation) {
  if (message.photo?.length) {
    const largest = message.photo[message.photo.length - 1];
    const image = el("img", "photo");
    image.src = api.fileUrl(largest.file_id);
    image.alt = t("photo");
    image.loading = "lazy";
    bubble.append(image);
  }
  if (message.document) {
    const doc = message.document;
    const link = el("a", "document");
    link.href = api.fileUrl(doc.file_id, true);
    link.download = doc.file_name || "file";
    const badge = el("span", "document-icon");
    badge.append(icon("document"));
    link.append(badge);
    const about = el("span", "document-about");
    about.append(el("span", "document-name", doc.file_name || t("document")));
    about.append(el("span", "document-size", `${fileSize(doc.file_size)} · ${t("download")}`));
    link.append(about);
    bubble.append(link);
  }
  if (message.location) {
    const { latitude, longitude } = message.location;
    const place = el("div", "location");
    place.append(icon("location"));
    place.append(el("span", "location-coordinates", `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`));
    const district = describeLocation(latitude, longitude);
    if (district) place.append(el("span", "location-district", district));
    bubble.append(place);
  }
  if (message.sticker) bubble.append(el("div", "sticker", `${message.sticker.emoji || ""} ${t("sticker")}`));
  const spoken = [
    ["voice", "🎤", "voice"],
    ["video_note", "⏺", "videoNote"],
    ["audio", "🎵", "audio"],
  ].find(([field]) => message[field]);
  if (spoken) {
    const [field, mark, word] = spoken;
    const seconds = message[field].duration || 0;
    const length = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
    bubble.append(el("div", "voice", `${mark} ${t(word)} · ${length}`));
  }
}

function inlineKeyboard(message, panel) {
  const rows = message.reply_markup?.inline_keyboard;
  if (!Array.isArray(rows) || !rows.length) return null;
  const keyboard = el("div", "inline-keyboard");
  for (const row of rows) {
    const line = el("div", "ik-row");
    for (const spec of row) {
      let node;
      if (spec.url) {
        node = el("a", "ik-button ik-url", spec.text);
        const href = safeUrl(spec.url);
        if (href) {
          node.href = href;
          node.target = "_blank";
          node.rel = "noopener noreferrer";
        }
      } else {
        node = button("ik-button", spec.text);
        node.addEventListener("click", () => panel.pressInline(message, spec, node));
      }
      line.append(node);
    }
    keyboard.append(line);
  }
  return keyboard;
}

export function renderBubble(message, panel) {
  const { t } = panel;
  const mine = !message.from_bot && message.from?.id === panel.identity.userId;
  const row = el("div", "msg");
  row.dataset.messageId = String(message.message_id);
  row.dataset.from = message.from_bot ? "bot" : mine ? "me" : "other";
  const bubble = el("div", "bubble");
  if (panel.identity.group && !mine) bubble.append(el("div", "sender", message.from?.first_name || ""));
  media(message, bubble, t, panel.describeLocation);
  const isText = message.text !== undefined && message.text !== null;
  const text = isText ? message.text : message.caption;
  if (text) {
    const body = el("div", "text");
    const entities = isText ? message.entities : message.caption_entities;
    body.append(renderText(text, entities, { onCommand: (command) => panel.sendText(command) }));
    bubble.append(body);
  }
  const meta = el("div", "meta");
  if (message.edit_date) {
    row.dataset.edited = "true";
    meta.append(el("span", "edited", t("edited")));
  }
  meta.append(el("time", "time", clock(message.date)));
  bubble.append(meta);
  row.append(bubble);
  const keyboard = inlineKeyboard(message, panel);
  if (keyboard) row.append(keyboard);
  return row;
}
