namespace Reflow.Benchmarks.AccessLog;

/// <summary>One path of the generated site: its typical response size and how it answers.</summary>
/// <param name="Path">The request target.</param>
/// <param name="Size">Bytes of a 200 response (varied by ±5 % per request).</param>
/// <param name="Missing">Always 404 (what scanners probe for).</param>
/// <param name="Posts">Takes POST requests (and logged-in users) as well as GET.</param>
internal readonly record struct SitePath(string Path, int Size, bool Missing = false, bool Posts = false)
{
    /// <summary>The site's paths, most popular first (the generator draws ranks from Zipf's law).</summary>
    public static SitePath[] Catalogue()
    {
        var paths = new List<SitePath>
        {
            new("/", 5120), new("/static/js/app.js", 48213), new("/static/css/site.css", 18340),
            new("/api/v1/products", 3421, Posts: true), new("/images/logo.png", 7410), new("/favicon.ico", 1150),
            new("/products", 12874), new("/api/v1/cart", 912, Posts: true), new("/login", 4312, Posts: true),
            new("/search", 9830), new("/about", 6120), new("/robots.txt", 68), new("/api/v1/orders", 1530, Posts: true),
            new("/blog", 11020), new("/contact", 5310), new("/wp-login.php", 0, Missing: true), new("/.env", 0, Missing: true),
        };
        string[] scanners = ["/phpmyadmin/index.php", "/admin/config.php", "/.git/config", "/xmlrpc.php"];
        for (int i = 1; i <= 120; i++)
        {
            paths.Add(new($"/products/{i}", 8000 + (i * 37 % 4000)));
            if (i <= 40)
            {
                paths.Add(new($"/blog/post-{i}", 14000 + (i * 211 % 9000)));
                paths.Add(new($"/images/products/{i}.jpg", 30000 + (i * 997 % 40000)));
            }

            if (i % 30 == 0)
            {
                paths.Add(new(scanners[(i / 30) - 1], 0, Missing: true));
            }
        }

        return [.. paths];
    }
}
