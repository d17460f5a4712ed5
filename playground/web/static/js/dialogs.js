// The shared dialogs: a callback alert, a photo preview with a caption, and the location
// picker (typed coordinates, or a click on a simple offline map of the city's districts).

import { readBase64 } from "./api.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 1000;

function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

export class CityMap {
  constructor(plan, language) {
    this.plan = plan;
    this.language = language === "kk" ? "kk" : "ru";
    const { south, west, north, east } = plan.bounds;
    const middle = ((south + north) / 2) * (Math.PI / 180);
    this.height = Math.round((WIDTH * (north - south)) / ((east - west) * Math.cos(middle)));
  }

  x(longitude) {
    const { west, east } = this.plan.bounds;
    return ((longitude - west) / (east - west)) * WIDTH;
  }

  y(latitude) {
    const { south, north } = this.plan.bounds;
    return ((north - latitude) / (north - south)) * this.height;
  }

  point(x, y) {
    const { south, west, north, east } = this.plan.bounds;
    const round = (value) => Math.round(value * 1e6) / 1e6;
    return {
      latitude: round(north - (y / this.height) * (north - south)),
      longitude: round(west + (x / WIDTH) * (east - west)),
    };
  }

  district(latitude, longitude) {
    const inside = (area) =>
      area.south <= latitude && latitude <= area.north && area.west <= longitude && longitude <= area.east;
    const found = this.plan.districts.find(inside);
    return found ? found[this.language] : null;
  }

  render(onPick) {
    const root = svg("svg", { viewBox: `0 0 ${WIDTH} ${this.height}`, class: "city-map", role: "img" });
    root.setAttribute("aria-label", this.plan[this.language]);
    const area = (spec, className) => {
      const box = svg("rect", {
        x: this.x(spec.west),
        y: this.y(spec.north),
        width: this.x(spec.east) - this.x(spec.west),
        height: this.y(spec.south) - this.y(spec.north),
        class: className,
      });
      box.dataset.code = spec.code;
      const title = svg("title");
      title.textContent = spec[this.language];
      box.append(title);
      return box;
    };
    root.append(area(this.plan.bounds, "city"));
    for (const district of this.plan.districts) {
      root.append(area(district, "district"));
      const label = svg("text", {
        x: (this.x(district.west) + this.x(district.east)) / 2,
        y: (this.y(district.north) + this.y(district.south)) / 2,
        class: "district-label",
      });
      label.textContent = district[this.language];
      root.append(label);
    }
    const marker = svg("circle", { r: 12, class: "marker", visibility: "hidden" });
    root.append(marker);
    root.addEventListener("click", (event) => {
      const at = new DOMPoint(event.clientX, event.clientY).matrixTransform(root.getScreenCTM().inverse());
      onPick(this.point(at.x, at.y));
    });
    root.showMarker = ({ latitude, longitude }) => {
      marker.setAttribute("cx", this.x(longitude));
      marker.setAttribute("cy", this.y(latitude));
      marker.setAttribute("visibility", "visible");
    };
    return root;
  }
}

export class Dialogs {
  constructor({ t, map }) {
    this.t = t;
    this.map = map;
  }

  alert(text) {
    const dialog = document.getElementById("alert-dialog");
    dialog.querySelector(".alert-text").textContent = text;
    dialog.showModal();
  }

  // Resolves with {latitude, longitude}, or null when cancelled.
  location() {
    const dialog = document.getElementById("location-dialog");
    const form = dialog.querySelector("form");
    const latitude = form.elements.latitude;
    const longitude = form.elements.longitude;
    const picked = dialog.querySelector(".picked-district");
    const holder = dialog.querySelector(".map-holder");
    form.reset();
    picked.textContent = "";
    holder.replaceChildren();
    let drawn = null;
    const show = (point) => {
      picked.textContent = this.map?.district(point.latitude, point.longitude) || "";
      if (drawn && this.map) drawn.showMarker(point);
    };
    if (this.map) {
      drawn = this.map.render((point) => {
        latitude.value = point.latitude;
        longitude.value = point.longitude;
        show(point);
      });
      holder.append(drawn);
    }
    const typed = () => {
      const point = { latitude: Number(latitude.value), longitude: Number(longitude.value) };
      if (latitude.value && longitude.value && Number.isFinite(point.latitude + point.longitude)) show(point);
    };
    latitude.oninput = typed;
    longitude.oninput = typed;
    return this.ask(dialog, () => ({
      latitude: Number(latitude.value),
      longitude: Number(longitude.value),
    }));
  }

  // Resolves with {kind (voice, video_note or audio), duration}, or null when cancelled.
  voice() {
    const dialog = document.getElementById("voice-dialog");
    const form = dialog.querySelector("form");
    form.reset();
    return this.ask(dialog, () => ({
      kind: form.elements.kind.value,
      duration: Math.max(0, Math.round(Number(form.elements.duration.value) || 0)),
    }));
  }

  // Resolves with {data (base64), caption}, or null when cancelled.
  async photo(file) {
    const dialog = document.getElementById("photo-dialog");
    const form = dialog.querySelector("form");
    form.reset();
    const preview = dialog.querySelector(".photo-preview");
    const url = URL.createObjectURL(file);
    preview.src = url;
    const data = await readBase64(file);
    const answer = await this.ask(dialog, () => ({ data, caption: form.elements.caption.value }));
    URL.revokeObjectURL(url);
    return answer;
  }

  ask(dialog, result) {
    return new Promise((resolve) => {
      dialog.addEventListener(
        "close",
        () => resolve(dialog.returnValue === "send" ? result() : null),
        { once: true },
      );
      dialog.returnValue = "";
      dialog.showModal();
    });
  }
}
