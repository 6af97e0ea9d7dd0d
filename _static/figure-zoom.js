/* Tap (or click) a figure to open its full-resolution image on its own, where a phone can pinch-zoom. */
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("article figure img").forEach((img) => {
    if (img.closest("a")) return;
    const link = document.createElement("a");
    link.href = img.getAttribute("src");
    link.className = "figure-zoom";
    link.title = "Open the full-size image";
    img.replaceWith(link);
    link.appendChild(img);
  });
});
