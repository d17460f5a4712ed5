// Who you are: the residents (each with their Telegram app's language) and the moderator;
// add more residents. Unread counts for chats you are not looking at.

import { button, el } from "./dom.js";

export class People {
  constructor(root, { t, moderatorId, onPick, onAdd }) {
    Object.assign(this, { root, t, moderatorId, onPick, onAdd });
    this.people = new Map();
    this.unread = new Map();
    this.current = null;
    this.list = root.querySelector(".people-list");
    const form = root.querySelector(".add-resident");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const name = form.elements.name.value.trim();
      await this.onAdd({ first_name: name || null, language_code: form.elements.language.value });
      form.elements.name.value = "";
    });
  }

  set(users) {
    for (const user of users) this.people.set(user.id, user);
    this.render();
  }

  add(user) {
    this.people.set(user.id, { ...this.people.get(user.id), ...user });
    this.render();
  }

  pick(userId) {
    this.current = userId;
    this.unread.delete(userId);
    this.render();
  }

  bump(userId) {
    if (userId === this.current || !this.people.has(userId)) return;
    this.unread.set(userId, (this.unread.get(userId) || 0) + 1);
    this.render();
  }

  residents() {
    return [...this.people.values()].filter((user) => user.id !== this.moderatorId);
  }

  render() {
    const t = this.t;
    this.list.replaceChildren();
    const section = (title, users) => {
      if (!users.length) return;
      this.list.append(el("h3", "people-heading", title));
      for (const user of users) {
        const item = button("person");
        item.dataset.userId = String(user.id);
        item.setAttribute("aria-pressed", String(user.id === this.current));
        item.append(el("span", "avatar", (user.first_name || "?").charAt(0).toUpperCase()));
        const about = el("span", "person-about");
        about.append(el("span", "person-name", user.first_name));
        const details = user.id === this.moderatorId ? `${t("moderator")} · ` : "";
        about.append(el("span", "person-details", `${details}id ${user.id}`));
        item.append(about);
        item.append(el("span", "lang-badge", user.language_code || "—"));
        const unread = this.unread.get(user.id);
        if (unread) item.append(el("span", "unread", unread));
        item.addEventListener("click", () => this.onPick(user.id));
        this.list.append(item);
      }
    };
    section(t("residents"), this.residents());
    const moderator = this.people.get(this.moderatorId);
    section(t("moderators"), moderator ? [moderator] : []);
  }
}
