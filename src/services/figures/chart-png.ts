// SVG → PNG for the charts sent in chats, with resvg (Rust, through napi-rs: one prebuilt binary
// per platform, no system libraries). Loaded on the first chart, not at every start. The text is
// drawn with Noto Sans from the @expo-google-fonts/noto-sans package, never with system fonts: a
// fresh clone draws the same Vietnamese letters on any machine, and a container without fonts
// draws them at all.
import { createRequire } from "node:module";

type Resvg = typeof import("@resvg/resvg-js");

const FONT_FAMILY = "Noto Sans";
const FONT_FILES = ["400Regular/NotoSans_400Regular.ttf", "700Bold/NotoSans_700Bold.ttf"];

let loading: Promise<{ resvg: Resvg; fontFiles: string[] }> | undefined;

function load() {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const fontFiles = FONT_FILES.map((f) => require.resolve(`@expo-google-fonts/noto-sans/${f}`));
    return { resvg: await import("@resvg/resvg-js"), fontFiles };
  })().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/**
 * Renders an SVG to PNG bytes at `zoom` times its size (2: sharp on phones). The rendering runs on
 * libuv's thread pool, not on the event loop.
 */
export async function svgToPng(svg: string, { zoom = 2 }: { zoom?: number } = {}): Promise<Uint8Array> {
  const { resvg, fontFiles } = await load();
  const image = await resvg.renderAsync(svg, {
    font: { loadSystemFonts: false, fontFiles, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: "zoom", value: zoom },
    background: "#ffffff",
    logLevel: "off",
  });
  return new Uint8Array(image.asPng());
}
