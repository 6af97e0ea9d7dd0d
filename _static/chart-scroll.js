/* An interactive chart wider than the screen (a phone) scrolls sideways inside its box. Say so under it, fade its
   edge while there is more to see, and let the keyboard reach the box to scroll it (arrow keys once focused). */
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".vega-figure").forEach((box) => {
    const hint = document.createElement("p");
    hint.className = "chart-scroll-hint";
    hint.textContent = "The chart is wider than the screen: swipe it sideways, or focus it and use the arrow keys.";
    box.after(hint);
    const mark = () => {
      const scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("chart-scrolls", scrolls);
      box.classList.toggle("chart-at-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
      if (scrolls) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    };
    new ResizeObserver(mark).observe(box);
    new MutationObserver(mark).observe(box, { childList: true, subtree: true });  // the chart draws after load
    box.addEventListener("scroll", mark, { passive: true });
    mark();
  });
});
