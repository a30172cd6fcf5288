// Apply the reader's saved colour theme before the page paints (Furo's
// inline script, moved here so the Content-Security-Policy can forbid inline code).
document.body.dataset.theme = localStorage.getItem("theme") || "auto";
