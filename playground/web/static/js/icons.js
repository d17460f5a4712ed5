// Line icons drawn as SVG (no emoji font or icon font needed).

const SVG = "http://www.w3.org/2000/svg";
const PATHS = {
  attach:
    "M16.5 6.5l-7.8 7.8a2 2 0 0 0 2.8 2.8l7.8-7.8a4 4 0 0 0-5.6-5.6L5.9 11.5a6 6 0 0 0 8.5 8.5l6.4-6.4",
  location: "M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21zM12 12.2a2.6 2.6 0 1 0 0-5.2 2.6 2.6 0 0 0 0 5.2z",
  send: "M4 12l16-8-6 17-3-7-7-2z",
  microphone: "M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM6 11a6 6 0 0 0 12 0M12 17v4M9 21h6",
  keyboard:
    "M3 6h18v12H3zM6.5 9.5h1M10 9.5h1M13.5 9.5h1M17 9.5h1M6.5 12.5h1M10 12.5h1M13.5 12.5h1M17 12.5h1M8 15.5h8",
  commands: "M14.5 4l-5 16",
  document: "M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 16h6",
};

export function icon(name) {
  const root = document.createElementNS(SVG, "svg");
  root.setAttribute("viewBox", "0 0 24 24");
  root.setAttribute("aria-hidden", "true");
  root.setAttribute("class", `svg-icon icon-${name}`);
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", PATHS[name]);
  root.append(path);
  return root;
}
