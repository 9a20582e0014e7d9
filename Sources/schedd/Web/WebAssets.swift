import Hummingbird

/// The stylesheet and the live-update script, compiled into schedd so the dashboard works offline.
enum WebAssets {
    /// How often a live page fetches itself again: cheap for schedd (one listing per open page and interval).
    static let refreshSeconds = 15

    static func add(to router: Router<WebContext>) {
        router.get("static/aisched.css") { _, _ in WebResponse.text(css, contentType: "text/css; charset=utf-8") }
        router.get("static/live.js") { _, _ in WebResponse.text(liveScript, contentType: "text/javascript; charset=utf-8") }
        router.get("static/report.js") { _, _ in WebResponse.text(reportScript, contentType: "text/javascript; charset=utf-8") }
    }

    static let css = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1c2430;background:#f6f7f9}
        header{display:flex;align-items:center;gap:2em;background:#1c2a3a;color:#fff;padding:.4em 1.2em}
        header h1{font-size:1.2em;margin:0}
        nav{display:flex;gap:1.2em;align-items:center;flex:1}nav a{color:#cfe3ff;text-decoration:none}
        nav .who{margin-left:auto;color:#fff}nav form{display:inline;margin:0}
        main{padding:1em 1.5em}h2{font-size:1.1em;margin:1.2em 0 .5em}
        table{border-collapse:collapse;background:#fff;font-size:.9em}
        th,td{border:1px solid #d6dbe1;padding:.25em .6em;text-align:left;vertical-align:top}
        th{background:#eef1f5}.num{text-align:right}
        .cards{display:flex;gap:1em;flex-wrap:wrap}.card{background:#fff;border:1px solid #d6dbe1;padding:.6em 1em;min-width:9em}
        .card b{display:block;font-size:1.6em}
        .grid{display:flex;flex-wrap:wrap;gap:3px;max-width:60em}
        .node{width:1.3em;height:1.3em;border-radius:2px}
        .idle{background:#4caf50}.mixed{background:#ffb300}.allocated{background:#1e88e5}.draining,.drained{background:#8e24aa}
        .down{background:#e53935}.unknown{background:#9e9e9e}
        .legend span{display:inline-block;margin-right:1em}.legend i{display:inline-block;width:.9em;height:.9em;margin-right:.3em}
        form.login{background:#fff;border:1px solid #d6dbe1;padding:1em;max-width:36em}
        form.login textarea{width:100%;font-family:monospace}
        .error{color:#b71c1c}.note{color:#5a6573;font-size:.85em;max-width:60em}
        svg.chart{display:block;margin:.3em 0 1em}h2 small{font-weight:normal;font-size:.8em}
        form.report{display:flex;gap:1em;align-items:end;flex-wrap:wrap}form.report label{display:flex;flex-direction:column}
        span.scheme{font-weight:bold}span.user{color:#37474f}
        @media print{header,.no-print{display:none}body{background:#fff}main{padding:0}}
        """

    /// The report's print button: the page prints without the navigation and the form (the print stylesheet).
    static let reportScript = """
        document.getElementById('print')?.addEventListener('click',()=>window.print());
        """

    /// Fetches the page again and swaps its <main>, so counts and queues move without reloads; stops when the login
    /// has ended (the fetch is redirected to the login form).
    static let liveScript = """
        (function(){
          const main=document.querySelector('main[data-live]');if(!main)return;
          async function refresh(){
            try{
              const r=await fetch(location.href,{credentials:'same-origin',redirect:'manual'});
              if(r.type==='opaqueredirect'||r.status===401)return;
              if(r.status===200){
              const doc=new DOMParser().parseFromString(await r.text(),'text/html');
              const next=doc.querySelector('main');if(next){main.innerHTML=next.innerHTML;main.dataset.updated=Date.now();}
              }
            }catch(e){}
            setTimeout(refresh,\(refreshSeconds * 1000));
          }
          setTimeout(refresh,\(refreshSeconds * 1000));
        })();
        """
}
