namespace ReviewBot.Reviews;

public static class ReviewsExtensions
{
    public static IHostApplicationBuilder AddReviews(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReviewJobHandler>();
        builder.Services.AddScoped<RerunResolver>();
        return builder;
    }
}
