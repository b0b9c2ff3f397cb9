// Copies the NHS.UK frontend's compiled CSS, JS and images from node_modules into the login theme's resources.
// Run by Maven (exec-maven-plugin) after `npm ci`: node copy-nhsuk-frontend.mjs <node_modules> <resources/nhsuk>.
//
// Two changes to the CSS, both because the theme is served from Keycloak, not from nhs.uk:
// - image URLs are absolute (/assets/...), which 404 under /resources/<version>/login/nhs/: made relative;
// - the Frutiger @font-face rules load fonts from assets.nhs.uk, a third party the citizen's browser would tell what
//   page they are on: removed, so text falls back to the design system's own stack (Arial, sans-serif).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [nodeModules, target] = process.argv.slice(2);
if (!nodeModules || !target) {
  console.error("usage: node copy-nhsuk-frontend.mjs <node_modules> <target>");
  process.exit(2);
}
const dist = join(nodeModules, "nhsuk-frontend", "dist", "nhsuk");
mkdirSync(target, { recursive: true });

const css = readFileSync(join(dist, "nhsuk-frontend.min.css"), "utf8");
const fontFaces = css.match(/@font-face\{[^}]*assets\.nhs\.uk[^}]*\}/g) ?? [];
const rewritten = css.replace(/@font-face\{[^}]*assets\.nhs\.uk[^}]*\}/g, "").replaceAll("url(/assets/", "url(assets/");
if (fontFaces.length === 0 || rewritten.includes("assets.nhs.uk") || rewritten.includes("url(/")) {
  console.error("nhsuk-frontend's CSS is not shaped as this script expects; check the font and image URLs by hand");
  process.exit(1);
}
writeFileSync(join(target, "nhsuk-frontend.min.css"), rewritten);
cpSync(join(dist, "nhsuk-frontend.min.js"), join(target, "nhsuk-frontend.min.js"));
cpSync(join(dist, "assets", "images"), join(target, "assets", "images"), { recursive: true });
console.log(`nhsuk-frontend copied to ${target} (${fontFaces.length} remote font faces removed)`);
