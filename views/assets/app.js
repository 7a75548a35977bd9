// Behaviour that needs script lives here, never inline, so the Content-Security-Policy can forbid inline script.
document.addEventListener('htmx:responseError', (event) => {
  const target = event.detail.target;
  if (target && event.detail.xhr.status >= 500) {
    target.innerHTML = '<p class="alert" role="alert">Something went wrong on the server. Please try again.</p>';
  }
});
